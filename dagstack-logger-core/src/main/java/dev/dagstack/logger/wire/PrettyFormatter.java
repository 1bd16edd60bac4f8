package dev.dagstack.logger.wire;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Renders a record as one human-readable line (the ConsoleSink pretty format and the CLI's
 * {@code pretty} command):
 *
 * <pre>
 * 2026-11-21T10:15:30.123456Z [INFO] order_service.api: request received | request.id=req-abc user.id=42
 * </pre>
 *
 * Time in UTC with microseconds; attributes sorted by key (UTF-16 order), then
 * {@code trace_id=… span_id=…} when present; the {@code " | "} is left out when there is
 * neither. A string value that is empty or contains a space, a {@code =}, a quote or a control
 * character is written quoted, with JSON-style escapes; lists and maps as compact canonical JSON,
 * doubles as on the wire. Every field that reaches the terminal (scope name, body, attribute keys
 * and values, nested values) has its control characters (C0, DEL, C1, U+2028/9) escaped, so a
 * record stays on one line and carries no terminal escape sequence of its own. Formatting takes
 * time linear in the record's size (plus sorting the keys). Hinted attributes
 * ({@code *.duration_ms}, {@code *.bytes}, {@code *.url}, …, spec §5.4) are shown for people,
 * see {@code MetadataHints}. With colour on, the severity is coloured by ANSI
 * escape codes (TRACE/DEBUG dim, INFO green, WARN yellow, ERROR red, FATAL bold red).
 *
 * <p>Extension SPI, for sink authors who write the human-readable line of spec §7 (the
 * ConsoleSink pretty format) somewhere else.
 */
public final class PrettyFormatter {

  private static final String RESET = "\u001b[0m";
  /** ANSI colours of TRACE, DEBUG, INFO, WARN, ERROR, FATAL. */
  private static final String[] COLORS = {
    "\u001b[2m", "\u001b[2m", "\u001b[32m", "\u001b[33m", "\u001b[31m", "\u001b[1;31m"
  };

  private PrettyFormatter() {}

  /** The record as one line, without a line feed. */
  public static String format(LogRecord record, boolean color) {
    StringBuilder line = new StringBuilder(128);
    appendTime(line, record.timeUnixNano());
    line.append(' ');
    if (color) {
      line.append(COLORS[(record.severityNumber() - 1) >> 2]);
    }
    line.append('[').append(record.severityText()).append(']');
    if (color) {
      line.append(RESET);
    }
    line.append(' ');
    ControlChars.appendEscaped(line, record.instrumentationScope().name());
    line.append(": ");
    CanonicalJsonWriter json = null;
    Object body = record.body();
    if (body instanceof String) {
      ControlChars.appendEscaped(line, (String) body);
    } else {
      json = appendValue(line, body, json);
    }
    Attrs attributes = record.attributes();
    boolean traced = record.traceId() != null || record.spanId() != null;
    if (attributes.isEmpty() && !traced) {
      return line.toString();
    }
    line.append(" |");
    // Sorted positions, not keys looked up again: Attrs.get is a scan, and a record with many
    // attributes must stay linear (n log n) to format.
    Integer[] order = new Integer[attributes.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> attributes.keyAt(a).compareTo(attributes.keyAt(b)));
    for (Integer index : order) {
      line.append(' ');
      String key = attributes.keyAt(index);
      ControlChars.appendEscaped(line, key);
      line.append('=');
      Object value = attributes.valueAt(index);
      String link = color ? MetadataHints.hyperlink(key, value) : null;
      if (link != null) {
        line.append(link);
      } else if (MetadataHints.quoteAlways(key, value)) {
        appendQuoted(line, (String) value);
      } else {
        json = appendValue(line, MetadataHints.display(key, value), json);
      }
    }
    if (record.traceId() != null) {
      line.append(" trace_id=").append(record.traceId());
    }
    if (record.spanId() != null) {
      line.append(" span_id=").append(record.spanId());
    }
    return line.toString();
  }

  /** {@code 2026-11-21T10:15:30.123456Z}: UTC, microseconds. */
  private static void appendTime(StringBuilder line, long unixNano) {
    long seconds = Math.floorDiv(unixNano, 1_000_000_000L);
    long micros = Math.floorMod(unixNano, 1_000_000_000L) / 1000;
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    pad(line, date.getYear(), 4).append('-');
    pad(line, date.getMonthValue(), 2).append('-');
    pad(line, date.getDayOfMonth(), 2).append('T');
    pad(line, secondOfDay / 3600, 2).append(':');
    pad(line, secondOfDay / 60 % 60, 2).append(':');
    pad(line, secondOfDay % 60, 2).append('.');
    pad(line, micros, 6).append('Z');
  }

  private static StringBuilder pad(StringBuilder line, long value, int width) {
    String digits = Long.toString(value);
    for (int i = digits.length(); i < width; i++) {
      line.append('0');
    }
    return line.append(digits);
  }

  /**
   * A value: strings bare unless they need quotes; numbers, booleans and null as in JSON; lists
   * and maps as compact canonical JSON. Returns the JSON writer, created on first need.
   */
  private static CanonicalJsonWriter appendValue(
      StringBuilder line, Object value, CanonicalJsonWriter json) {
    if (value instanceof String) {
      String text = (String) value;
      if (needsQuotes(text)) {
        appendQuoted(line, text);
      } else {
        line.append(text);
      }
      return json;
    }
    if (value instanceof Double) {
      line.append(PythonFloat.repr((Double) value));
      return json;
    }
    if (value == null || value instanceof Long || value instanceof Boolean) {
      line.append(value);
      return json;
    }
    CanonicalJsonWriter writer = json != null ? json : new CanonicalJsonWriter();
    writer.reset();
    writer.writeValue(value);
    // JSON escapes C0 controls but writes DEL, C1 controls and U+2028/9 raw: escape those too.
    ControlChars.appendEscaped(line, writer.toUtf8String(0));
    return writer;
  }

  private static boolean needsQuotes(String text) {
    if (text.isEmpty()) {
      return true;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '=' || c == '"' || ControlChars.isControl(c)) {
        return true;
      }
    }
    return false;
  }

  private static void appendQuoted(StringBuilder line, String text) {
    line.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        line.append('\\').append(c);
      } else if (ControlChars.isControl(c)) {
        ControlChars.appendEscape(line, c);
      } else {
        line.append(c);
      }
    }
    line.append('"');
  }

  /**
   * {@code text} safe to print on a terminal as a diagnostic (the CLI's standard error): control
   * characters and bidi controls taken from file names or lines are escaped ({@code \\u001b}),
   * line feeds and tabs kept.
   *
   * <p>Not part of the supported API: public for the {@code cli} package only (its door to the
   * wire package's escape rules, which stay package-private); may change without notice.
   */
  public static String terminalSafe(String text) {
    return ControlChars.forTerminal(text);
  }
}
