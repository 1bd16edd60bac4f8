package dev.dagstack.logger.wire;

/**
 * Escapes control characters (C0, DEL, C1, U+2028/9) as JSON does ({@code \n}, {@code \t}...) or
 * {@code \}{@code uXXXX}, so that text taken from a log line stays on one line and carries no
 * terminal escape sequence of its own (a title change, a cursor move) when shown on a terminal.
 * Used by {@link PrettyFormatter}, for {@link WireFormatException} messages (shown wherever a
 * line is reported bad) and by the CLI's terminal-safe standard error.
 */
final class ControlChars {

  private ControlChars() {}

  static boolean isControl(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || isBidiControl(c);
  }

  /** The bidirectional embeddings, overrides and isolates, which reorder what a terminal shows. */
  private static boolean isBidiControl(char c) {
    return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
  }

  /**
   * {@code text} for a terminal as diagnostics (several lines): control characters and bidi
   * controls escaped, except line feeds and tabs; the same instance when there is nothing to do.
   */
  static String forTerminal(String text) {
    return escape(text, true);
  }

  /** {@code text} with its control characters escaped; the same instance when it has none. */
  static String escape(String text) {
    return escape(text, false);
  }

  private static String escape(String text, boolean keepLineBreaks) {
    if (text == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean escape = isControl(c) && !(keepLineBreaks && (c == '\n' || c == '\t'));
      if (escape && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (escape) {
          appendEscape(out, c);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /** Appends {@code text} with its control characters escaped. */
  static void appendEscaped(StringBuilder line, String text) {
    for (int i = 0; i < text.length(); i++) {
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
