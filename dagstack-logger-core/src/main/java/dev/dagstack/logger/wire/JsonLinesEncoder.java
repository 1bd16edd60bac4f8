package dev.dagstack.logger.wire;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Resource;
import dev.dagstack.logger.record.Severity;
import java.nio.charset.StandardCharsets;

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
public final class JsonLinesEncoder extends BufferedLineEncoder {

  private static final String TIME_KEY = ",\"time_unix_nano\":";
  /** {@code ,"severity_number":N,"severity_text":"TEXT"} for each valid severity number. */
  private static final byte[][] SEVERITY = new byte[Severity.MAX + 1][];
  /** The same followed by {@code ,"time_unix_nano":}: one copy for a record without a span. */
  private static final byte[][] SEVERITY_AND_TIME_KEY = new byte[Severity.MAX + 1][];

  static {
    for (int n = Severity.MIN; n <= Severity.MAX; n++) {
      String severity =
          ",\"severity_number\":" + n + ",\"severity_text\":\"" + Severity.text(n) + "\"";
      SEVERITY[n] = severity.getBytes(StandardCharsets.US_ASCII);
      SEVERITY_AND_TIME_KEY[n] = (severity + TIME_KEY).getBytes(StandardCharsets.US_ASCII);
    }
  }

  /**
   * The longest line any sink may be set to write (64 MiB of UTF-8, without the line feed); the
   * CLI reads lines up to this length, so it reads every line a sink writes.
   */
  public static final int MAX_LINE_BYTES = 64 << 20;

  /** A new encoder with an empty buffer. */
  public JsonLinesEncoder() {}

  @Override
  int writeLine(CanonicalJsonWriter w, LogRecord record, boolean withObserved, long observed,
      boolean deferObserved) {
    return writeRecord(w, record, withObserved, observed, deferObserved);
  }

  /**
   * Any value (spec §1 Value; maps, lists and Java numbers are converted first) as canonical JSON,
   * e.g. the envelope of the log viewer's JSON API.
   */
  public static String encodeValue(Object value) {
    CanonicalJsonWriter writer = new CanonicalJsonWriter();
    writer.writeValue(value);
    return writer.toUtf8String(0);
  }

  /** One record as a canonical JSON line, without the trailing line feed. */
  public static String encode(LogRecord record) {
    CanonicalJsonWriter writer = new CanonicalJsonWriter();
    Long observed = record.observedTimeUnixNano();
    writeRecord(writer, record, observed != null, observed != null ? observed : 0L, false);
    return writer.toUtf8String(0);
  }

  /** {@code ,"instrumentation_scope":{...}}: the same bytes for every record of a logger. */
  private static void writeScope(CanonicalJsonWriter w, InstrumentationScope scope) {
    w.writeAscii(",\"instrumentation_scope\":{");
    if (!scope.attributes().isEmpty()) {
      w.writeAscii("\"attributes\":");
      w.writeObject(scope.attributes());
      w.writeByte(',');
    }
    w.writeAscii("\"name\":");
    w.writeString(scope.name());
    if (scope.version() != null) {
      w.writeAscii(",\"version\":");
      w.writeString(scope.version());
    }
    w.writeByte('}');
  }

  /**
   * The scope followed by {@code ,"observed_time_unix_nano":}, the key after it: what a record
   * with an observed time (every record a sink writes) has between its body and that time.
   */
  private static void writeScopeAndObservedKey(CanonicalJsonWriter w, InstrumentationScope scope) {
    writeScope(w, scope);
    w.writeAscii(",\"observed_time_unix_nano\":");
  }

  /** {@code ,"resource":{...}}, or nothing for an empty resource. */
  private static void writeResource(CanonicalJsonWriter w, Resource resource) {
    Attrs attributes = resource.attributes();
    if (!attributes.isEmpty()) {
      w.writeAscii(",\"resource\":{\"attributes\":");
      w.writeObject(attributes);
      w.writeByte('}');
    }
  }

  /**
   * The top-level keys, in their UTF-16 order. With {@code deferObserved}, the observed time's
   * digits are a placeholder; returns where it is (else -1).
   */
  private static int writeRecord(CanonicalJsonWriter w, LogRecord record, boolean withObserved,
      long observed, boolean deferObserved) {
    int observedAt = -1;
    Attrs attributes = record.attributes();
    if (attributes.isEmpty()) {
      w.writeAscii("{\"body\":");
    } else {
      w.writeAscii("{\"attributes\":");
      w.writeObject(attributes);
      w.writeAscii(",\"body\":");
    }
    w.writeValue(record.body());
    if (withObserved) {
      w.writeRemembered(record.instrumentationScope(), JsonLinesEncoder::writeScopeAndObservedKey);
      if (deferObserved) {
        observedAt = w.writeTimePlaceholder();
      } else {
        w.writeUnixNano(observed);
      }
    } else {
      // Not remembered: the scope's remembered fragment ends with the observed-time key.
      writeScope(w, record.instrumentationScope());
    }
    w.writeRemembered(record.resource(), JsonLinesEncoder::writeResource);
    if (record.spanId() == null) {
      w.writeRaw(SEVERITY_AND_TIME_KEY[record.severityNumber()]);
    } else {
      w.writeRaw(SEVERITY[record.severityNumber()]);
      w.writeAscii(",\"span_id\":");
      w.writeString(record.spanId());
      w.writeAscii(TIME_KEY);
    }
    w.writeUnixNano(record.timeUnixNano());
    if (record.traceFlags() != 0) {
      w.writeAscii(",\"trace_flags\":");
      w.writeLong(record.traceFlags());
    }
    if (record.traceId() != null) {
      w.writeAscii(",\"trace_id\":");
      w.writeString(record.traceId());
    }
    w.writeByte('}');
    return observedAt;
  }
}
