package dev.dagstack.logger.internal;

import dev.dagstack.logger.Attrs;
import dev.dagstack.logger.record.LogRecord;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal JSON-lines writer for diagnostic records, standing in until the canonical
 * {@code JsonLinesEncoder} is available on this branch. Sorted keys, no whitespace.
 */
final class DiagnosticJson {

  private DiagnosticJson() {}

  static String encode(LogRecord record, long observedTime) {
    StringBuilder out = new StringBuilder(256);
    out.append('{');
    if (!record.attributes().isEmpty()) {
      out.append("\"attributes\":");
      value(out, record.attributes());
      out.append(',');
    }
    out.append("\"body\":");
    value(out, record.body());
    out.append(",\"instrumentation_scope\":{\"name\":");
    string(out, record.instrumentationScope().name());
    out.append("},\"observed_time_unix_nano\":").append(observedTime);
    out.append(",\"severity_number\":").append(record.severityNumber());
    out.append(",\"severity_text\":");
    string(out, record.severityText());
    out.append(",\"time_unix_nano\":").append(record.timeUnixNano());
    return out.append('}').toString();
  }

  private static void value(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String) {
      string(out, (String) value);
    } else if (value instanceof Double) {
      double d = (Double) value;
      if (Double.isFinite(d)) {
        out.append(d);
      } else {
        string(out, Double.toString(d));
      }
    } else if (value instanceof Long || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Attrs) {
      Attrs map = (Attrs) value;
      String[] keys = new String[map.size()];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = map.keyAt(i);
      }
      Arrays.sort(keys);
      out.append('{');
      for (int i = 0; i < keys.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        string(out, keys[i]);
        out.append(':');
        value(out, map.get(keys[i]));
      }
      out.append('}');
    } else if (value instanceof List) {
      out.append('[');
      List<?> list = (List<?>) value;
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        value(out, list.get(i));
      }
      out.append(']');
    } else {
      string(out, String.valueOf(value));
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
