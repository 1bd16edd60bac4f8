package dev.dagstack.logger.wire;

import dev.dagstack.logger.record.LogRecord;

/**
 * Strict parser of dagstack JSON lines (spec §14.1): {@code encode(parse(line))} gives back the
 * same bytes for every canonical line. Rejects, with a message naming the field: invalid JSON,
 * {@code severity_number} outside 1..24, a {@code severity_text} that does not match the
 * number's bucket, a missing {@code instrumentation_scope}, a {@code trace_id} or
 * {@code span_id} that is not lowercase hex of the right length, a non-integer timestamp, and a
 * number outside double range. Thread-safe.
 */
public final class JsonLinesParser {

  private JsonLinesParser() {}

  /**
   * Parses one line (without its line feed).
   *
   * @throws WireFormatException naming what is wrong
   */
  public static LogRecord parse(String line) throws WireFormatException {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
