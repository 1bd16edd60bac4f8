package dev.dagstack.logger.wire;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Resource;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.record.Values;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes records as OTel JSON lines (spec §12): the OTLP protobuf JSON mapping, one
 * {@code ExportLogsServiceRequest} per line holding one record — the shape the OpenTelemetry
 * Collector's {@code otlpjsonfile} receiver reads:
 *
 * <pre>{@code
 * {"resourceLogs":[{"resource":{"attributes":[…]},"scopeLogs":[{"scope":{"name":…,"version":…},
 *   "logRecords":[{"timeUnixNano":"…","observedTimeUnixNano":"…","severityNumber":9,
 *   "severityText":"INFO","body":{"stringValue":…},"attributes":[{"key":…,"value":{…}}],
 *   "flags":1,"traceId":"…","spanId":"…"}]}]}]}
 * }</pre>
 *
 * <p>The canonical layout, which {@link OtelJsonParser} reads back to the same bytes: keys in
 * protobuf field order, no whitespace; timestamps and {@code intValue} as decimal strings (the
 * protobuf JSON mapping of 64-bit integers); {@code severityNumber} and {@code flags} as numbers;
 * ids as lowercase hex; attributes (of the record, scope and resource, and of nested
 * {@code kvlistValue}s) sorted by key in UTF-16 order; lists as {@code arrayValue}; a null
 * value as the empty {@code AnyValue} {@code {}}; an empty list or map as
 * {@code {"arrayValue":{}}} / {@code {"kvlistValue":{}}}; strings escaped and doubles written as
 * in the dagstack wire (spec §1), NaN and infinities as the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"} of the protobuf mapping. Absent fields are omitted: no
 * {@code observedTimeUnixNano} when unset, no {@code body} when null, no {@code flags} when 0, no
 * ids without a span; {@code resource} is always written ({@code {}} when empty).
 *
 * <p>Not thread-safe; use one encoder per thread.
 */
public final class OtelJsonEncoder extends BufferedLineEncoder {

  private static final byte[][] SEVERITY = new byte[Severity.MAX + 1][];

  static {
    for (int n = Severity.MIN; n <= Severity.MAX; n++) {
      SEVERITY[n] = (",\"severityNumber\":" + n + ",\"severityText\":\"" + Severity.text(n) + "\"")
          .getBytes(StandardCharsets.US_ASCII);
    }
  }

  /**
   * Values nested deeper are written as {@link dev.dagstack.logger.record.Values#DEPTH_EXCEEDED}
   * (and the cut reported on the diagnostic channel): a map level is four JSON levels here
   * ({@code {"kvlistValue":{"values":[{"value":}), so this keeps a line within what the parser
   * reads on an ordinary thread's stack (about 530 JSON levels, as canonical JSON's 512).
   */
  static final int MAX_DEPTH = 128;

  /** A new encoder with an empty buffer. */
  public OtelJsonEncoder() {}

  @Override
  int writeLine(CanonicalJsonWriter w, LogRecord record, boolean withObserved, long observed,
      boolean deferObserved) {
    return writeRecord(w, record, withObserved, observed, deferObserved);
  }

  /** One record as an OTel JSON line, without the trailing line feed. */
  public static String encode(LogRecord record) {
    CanonicalJsonWriter writer = new CanonicalJsonWriter();
    Long observed = record.observedTimeUnixNano();
    writeRecord(writer, record, observed != null, observed != null ? observed : 0L, false);
    return writer.toUtf8String(0);
  }

  /**
   * With {@code deferObserved}, the observed time's digits are a placeholder (inside its
   * quotes); returns where it is (else -1).
   */
  private static int writeRecord(CanonicalJsonWriter w, LogRecord record, boolean withObserved,
      long observed, boolean deferObserved) {
    int observedAt = -1;
    w.writeRemembered(record.resource(), OtelJsonEncoder::writeResource);
    w.writeRemembered(record.instrumentationScope(), OtelJsonEncoder::writeScope);
    w.writeAscii(",\"logRecords\":[{\"timeUnixNano\":");
    writeQuotedLong(w, record.timeUnixNano());
    if (withObserved) {
      w.writeAscii(",\"observedTimeUnixNano\":");
      if (deferObserved) {
        // The digits writeUnixNano writes later are writeLong's.
        w.writeByte('"');
        observedAt = w.writeTimePlaceholder();
        w.writeByte('"');
      } else {
        writeQuotedLong(w, observed);
      }
    }
    w.writeRaw(SEVERITY[record.severityNumber()]);
    if (record.body() != null) {
      w.writeAscii(",\"body\":");
      writeAnyValue(w, record.body(), 0);
    }
    if (!record.attributes().isEmpty()) {
      w.writeAscii(",\"attributes\":");
      writeKeyValues(w, record.attributes(), 0);
    }
    if (record.traceFlags() != 0) {
      w.writeAscii(",\"flags\":");
      w.writeLong(record.traceFlags());
    }
    if (record.traceId() != null) {
      w.writeAscii(",\"traceId\":");
      w.writeString(record.traceId());
    }
    if (record.spanId() != null) {
      w.writeAscii(",\"spanId\":");
      w.writeString(record.spanId());
    }
    w.writeAscii("}]}]}]}");
    return observedAt;
  }

  /** {@code {"resourceLogs":[{"resource":{…}}: the same bytes for every record of a process. */
  private static void writeResource(CanonicalJsonWriter w, Resource resource) {
    w.writeAscii("{\"resourceLogs\":[{\"resource\":{");
    if (!resource.attributes().isEmpty()) {
      w.writeAscii("\"attributes\":");
      writeKeyValues(w, resource.attributes(), 0);
    }
    w.writeByte('}');
  }

  /** {@code ,"scopeLogs":[{"scope":{…}}: the same bytes for every record of a logger. */
  private static void writeScope(CanonicalJsonWriter w, InstrumentationScope scope) {
    w.writeAscii(",\"scopeLogs\":[{\"scope\":{\"name\":");
    w.writeString(scope.name());
    if (scope.version() != null) {
      w.writeAscii(",\"version\":");
      w.writeString(scope.version());
    }
    if (!scope.attributes().isEmpty()) {
      w.writeAscii(",\"attributes\":");
      writeKeyValues(w, scope.attributes(), 0);
    }
    w.writeByte('}');
  }

  private static void writeQuotedLong(CanonicalJsonWriter w, long value) {
    w.writeByte('"');
    w.writeLong(value);
    w.writeByte('"');
  }

  /** {@code [{"key":…,"value":{…}},…]} in key order. */
  private static void writeKeyValues(CanonicalJsonWriter w, Attrs attrs, int depth) {
    int n = attrs.size();
    w.writeByte('[');
    int base = w.pushSorted(attrs);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        w.writeByte(',');
      }
      int index = w.sortedIndex(base + i);
      w.writeAscii("{\"key\":");
      w.writeString(attrs.keyAt(index));
      w.writeAscii(",\"value\":");
      writeAnyValue(w, attrs.valueAt(index), depth + 1);
      w.writeByte('}');
    }
    w.popSorted(base);
    w.writeByte(']');
  }

  private static void writeAnyValue(CanonicalJsonWriter w, Object value, int depth) {
    if (value == null) {
      w.writeAscii("{}");
    } else if (value instanceof String) {
      w.writeAscii("{\"stringValue\":");
      w.writeString((String) value);
      w.writeByte('}');
    } else if (value instanceof Long) {
      w.writeAscii("{\"intValue\":");
      writeQuotedLong(w, (Long) value);
      w.writeByte('}');
    } else if (value instanceof Double) {
      w.writeAscii("{\"doubleValue\":");
      w.writeDouble((Double) value);
      w.writeByte('}');
    } else if (value instanceof Boolean) {
      w.writeAscii((Boolean) value ? "{\"boolValue\":true}" : "{\"boolValue\":false}");
    } else if (depth >= MAX_DEPTH && (value instanceof Attrs || value instanceof List)) {
      writeAnyValue(w, Values.cutAtDepth(MAX_DEPTH), depth);
    } else if (value instanceof Attrs) {
      Attrs map = (Attrs) value;
      if (map.isEmpty()) {
        w.writeAscii("{\"kvlistValue\":{}}");
      } else {
        w.writeAscii("{\"kvlistValue\":{\"values\":");
        writeKeyValues(w, map, depth);
        w.writeAscii("}}");
      }
    } else if (value instanceof List && Values.isCanonical(value)) {
      List<?> list = (List<?>) value;
      if (list.isEmpty()) {
        w.writeAscii("{\"arrayValue\":{}}");
        return;
      }
      w.writeAscii("{\"arrayValue\":{\"values\":[");
      for (int i = 0, n = list.size(); i < n; i++) {
        if (i > 0) {
          w.writeByte(',');
        }
        writeAnyValue(w, list.get(i), depth + 1);
      }
      w.writeAscii("]}}");
    } else {
      Object canonical = Values.canonical(value);
      if (canonical == value || canonical instanceof List && !Values.isCanonical(canonical)) {
        writeAnyValue(w, String.valueOf(value), depth);
      } else {
        writeAnyValue(w, canonical, depth);
      }
    }
  }
}
