package dev.dagstack.logger.wire;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The documented truncation of a record too large for a sink's maximum record size: every string
 * value (the body, attribute values, strings nested in maps and lists) longer than a limit keeps
 * its first characters and ends with {@code "...<cut N chars>"}. Keys, the resource and the scope
 * are never cut, so the record keeps its shape and still parses.
 *
 * <p>Extension SPI, for sink and exporter authors who apply a maximum record size (spec §7.2)
 * in a format of their own, as the ConsoleSink's pretty mode does; the wire encoders apply it
 * themselves through {@link RecordEncoder#append(LogRecord, long, int)}. {@code N} counts
 * UTF-16 chars; a surrogate pair is never split.
 */
public final class RecordTruncation {

  private RecordTruncation() {}

  /**
   * {@code record} with every string value longer than {@code maxChars} cut (see
   * above).
   *
   * @param maxChars the longest string kept whole, in UTF-16 chars
   */
  public static LogRecord cut(LogRecord record, int maxChars) {
    return record.withBody(cutValue(record.body(), maxChars))
        .withAttributes((Attrs) cutValue(record.attributes(), maxChars));
  }

  /** The marker that ends a cut string. */
  static String marker(int removed) {
    return "...<cut " + removed + " chars>";
  }

  private static Object cutValue(Object value, int maxChars) {
    if (value instanceof String) {
      String text = (String) value;
      if (text.length() <= maxChars) {
        return text;
      }
      int end = maxChars;
      if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--; // never split a surrogate pair
      }
      return text.substring(0, end) + marker(text.length() - end);
    }
    if (value instanceof Attrs) {
      Attrs attrs = (Attrs) value;
      Attrs.Builder builder = Attrs.builder(attrs.size());
      for (int i = 0, n = attrs.size(); i < n; i++) {
        builder.put(attrs.keyAt(i), cutValue(attrs.valueAt(i), maxChars));
      }
      return builder.build();
    }
    if (value instanceof List) {
      List<?> list = (List<?>) value;
      List<Object> cut = new ArrayList<>(list.size());
      for (Object element : list) {
        cut.add(cutValue(element, maxChars));
      }
      return cut;
    }
    return value;
  }
}
