package dev.dagstack.logger.wire;

/**
 * Escapes control characters (C0, DEL, C1, U+2028/9) as {@code \n}, {@code \r}, {@code \t} or
 * {@code \}{@code uXXXX}, so that text taken from a log line stays on one line and carries no
 * terminal escape sequence of its own (a title change, a cursor move) when shown on a terminal.
 * Used by {@link PrettyFormatter} and for {@link WireFormatException} messages, which the CLI
 * prints on standard error.
 */
final class ControlChars {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

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

  /** Appends the escape of one control character. */
  static void appendEscape(StringBuilder line, char c) {
    switch (c) {
      case '\n':
        line.append("\\n");
        break;
      case '\r':
        line.append("\\r");
        break;
      case '\t':
        line.append("\\t");
        break;
      default:
        line.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 0xf])
            .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
    }
  }
}
