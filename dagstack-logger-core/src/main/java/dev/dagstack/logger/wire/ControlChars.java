package dev.dagstack.logger.wire;

/**
 * Escapes control characters (C0, DEL, C1, U+2028/9) as JSON does ({@code \n}, {@code \t}...) or
 * {@code \}{@code uXXXX}, so that text taken from a log line stays on one line and carries no
 * terminal escape sequence of its own (a title change, a cursor move) when shown on a terminal.
 * Used by {@link PrettyFormatter} and for {@link WireFormatException} messages, which the CLI
 * prints on standard error.
 */
final class ControlChars {

  private ControlChars() {}

  static boolean isControl(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }

  /** {@code text} with its control characters escaped; the same instance when it has none. */
  static String escape(String text) {
    if (text == null) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      if (isControl(text.charAt(i))) {
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        appendEscaped(out, text, i);
        return out.toString();
      }
    }
    return text;
  }

  /** Appends {@code text} with its control characters escaped. */
  static void appendEscaped(StringBuilder line, String text) {
    appendEscaped(line, text, 0);
  }

  private static void appendEscaped(StringBuilder line, String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isControl(c)) {
        appendEscape(line, c);
      } else {
        line.append(c);
      }
    }
  }

  /** Appends the escape of one control character, from the wire's one escape table. */
  static void appendEscape(StringBuilder line, char c) {
    byte letter = JsonEscapes.shortEscape(c);
    if (letter != 0) {
      line.append('\\').append((char) letter);
    } else {
      byte[] hex = JsonEscapes.HEX;
      line.append("\\u").append((char) hex[c >> 12]).append((char) hex[c >> 8 & 0xf])
          .append((char) hex[c >> 4 & 0xf]).append((char) hex[c & 0xf]);
    }
  }
}
