package dev.dagstack.logger.wire;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Human rendering of hinted attributes in the pretty format (spec §5.4): the key's suffix says
 * how to show the value; the wire is never changed.
 *
 * <ul>
 *   <li>{@code *.duration_ms} and {@code *.eta_ms} (a number): {@code 850ms}, {@code 12.3s},
 *       {@code 2m5s}, {@code 1h2m};
 *   <li>{@code progress.rate} (a number): rounded to two decimals;
 *   <li>{@code *.bytes} (a number): {@code 512 B}, {@code 1.2 MB} (powers of 1000);
 *   <li>{@code *.timestamp} (a number: seconds, milliseconds, microseconds or nanoseconds since
 *       the epoch, told apart by magnitude): ISO-8601 UTC, {@code 2026-11-21T10:15:30.123Z};
 *   <li>{@code *.url} (a string): on a colour terminal, an OSC 8 hyperlink;
 *   <li>{@code *.markdown}, {@code *.code}: on one line, whitespace runs collapsed, cut to 80
 *       characters with {@code …}.
 * </ul>
 * Any other value is shown as it is; a string under one of the numeric hints above (a
 * {@code "12"} under {@code duration_ms}, say) is always quoted, so it never reads as a number.
 */
final class MetadataHints {

  /** The longest {@code *.markdown} / {@code *.code} shown, in chars. */
  static final int SNIPPET_LIMIT = 80;

  private static final String[] BYTE_UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

  private MetadataHints() {}

  /** What to show for {@code value} under {@code key}: the value itself when no hint applies. */
  static Object display(String key, Object value) {
    if (value instanceof Long || value instanceof Double) {
      double number = ((Number) value).doubleValue();
      if (!Double.isFinite(number)) {
        return value;
      }
      if (isDurationKey(key)) {
        return duration(number);
      }
      if (key.equals("progress.rate")) {
        return value instanceof Double ? Math.round(number * 100) / 100.0 : value;
      }
      if (key.endsWith(".bytes")) {
        return bytes(number);
      }
      if (key.endsWith(".timestamp")) {
        return timestamp((Number) value);
      }
    } else if (value instanceof String && (key.endsWith(".markdown") || key.endsWith(".code"))) {
      return snippet((String) value);
    }
    return value;
  }

  /** Whether {@code value} is a string under a numeric hint: shown quoted, never as a number. */
  static boolean quoteAlways(String key, Object value) {
    return value instanceof String && (isDurationKey(key) || key.endsWith(".bytes")
        || key.endsWith(".timestamp") || key.equals("progress.rate"));
  }

  private static boolean isDurationKey(String key) {
    return key.endsWith(".duration_ms") || key.equals("duration_ms") || key.endsWith(".eta_ms")
        || key.equals("eta_ms");
  }

  /**
   * An OSC 8 terminal hyperlink for a {@code *.url} string, or {@code null} when the key has no
   * such hint or the value could break the line (control characters, spaces).
   */
  static String hyperlink(String key, Object value) {
    if (!key.endsWith(".url") || !(value instanceof String)) {
      return null;
    }
    String url = (String) value;
    if (url.isEmpty()) {
      return null;
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= ' ' || c == '\u007f' || Character.isISOControl(c) || c == '"'
          || c == '\u2028' || c == '\u2029') {
        return null;
      }
    }
    return "\u001b]8;;" + url + "\u001b\\" + url + "\u001b]8;;\u001b\\";
  }

  static String duration(double millis) {
    double ms = Math.abs(millis);
    String sign = millis < 0 ? "-" : "";
    if (ms < 1000) {
      return sign + (ms == Math.rint(ms) ? Long.toString((long) ms) : oneDecimal(ms)) + "ms";
    }
    if (ms < 60_000) {
      return sign + oneDecimal(ms / 1000) + "s";
    }
    long seconds = (long) (ms / 1000);
    if (seconds < 3600) {
      return sign + seconds / 60 + "m" + seconds % 60 + "s";
    }
    return sign + seconds / 3600 + "h" + seconds / 60 % 60 + "m";
  }

  static String bytes(double count) {
    double value = Math.abs(count);
    int unit = 0;
    while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    String sign = count < 0 ? "-" : "";
    if (unit == 0) {
      return sign + (long) value + " B";
    }
    return sign + oneDecimal(value) + " " + BYTE_UNITS[unit];
  }

  static String timestamp(Number value) {
    double abs = Math.abs(value.doubleValue());
    int scale = abs >= 1e17 ? 0 : abs >= 1e14 ? 3 : abs >= 1e11 ? 6 : 9;
    // Exact decimal arithmetic: a long of milliseconds stays exact, a double keeps its digits.
    BigDecimal nanos = (value instanceof Long ? BigDecimal.valueOf((Long) value)
        : BigDecimal.valueOf(value.doubleValue())).movePointRight(scale);
    try {
      long total = nanos.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
      return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(
          Math.floorDiv(total, 1_000_000_000L), Math.floorMod(total, 1_000_000_000L)));
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return value.toString();
    }
  }

  static String snippet(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), SNIPPET_LIMIT + 1));
    boolean space = false;
    for (int i = 0; i < text.length() && out.length() <= SNIPPET_LIMIT; i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '\u2028'
          || c == '\u2029') {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.append(c);
    }
    if (out.length() > SNIPPET_LIMIT) {
      int cut = SNIPPET_LIMIT - 1;
      if (Character.isHighSurrogate(out.charAt(cut - 1))) {
        cut--;
      }
      out.setLength(cut);
      out.append('…');
    }
    return out.toString();
  }

  private static String oneDecimal(double value) {
    long tenths = Math.round(value * 10);
    return tenths / 10 + "." + tenths % 10;
  }
}
