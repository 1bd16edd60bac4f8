package dev.dagstack.logger.wire;

import dev.dagstack.logger.record.LogRecord;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes records as canonical dagstack JSON lines (spec §1), byte-exact with the Python
 * reference binding: keys sorted by UTF-16 code units, no whitespace, the canonical escape set,
 * integers without a decimal point, doubles as their shortest round-trip digits in Python
 * {@code repr} layout, NaN and infinities as strings, empty optional fields omitted.
 *
 * <p>Appends UTF-8 bytes straight into a reusable internal buffer, with no intermediate tree:
 * a sink's worker encodes a batch of records and writes the buffer once. Not thread-safe; use
 * one encoder per thread.
 */
public final class JsonLinesEncoder {

  /** A new encoder with an empty buffer. */
  public JsonLinesEncoder() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Appends {@code record} and a line feed, keeping its observed time as it is (maybe absent). */
  public void append(LogRecord record) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Appends {@code record} and a line feed; when the record has no observed time, writes
   * {@code observedTimeIfAbsent} instead (what serialising sinks do, spec §1).
   */
  public void append(LogRecord record, long observedTimeIfAbsent) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** How many bytes are buffered. */
  public int size() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Writes the buffered bytes to {@code out} (one write call); the buffer is kept. */
  public void writeTo(OutputStream out) throws IOException {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Empties the buffer, keeping its capacity. */
  public void reset() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** A copy of the buffered bytes. */
  public byte[] toByteArray() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** One record as a canonical JSON line, without the trailing line feed. */
  public static String encode(LogRecord record) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
