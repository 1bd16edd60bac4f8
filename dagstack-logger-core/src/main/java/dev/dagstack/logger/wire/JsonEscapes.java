package dev.dagstack.logger.wire;

import java.nio.charset.StandardCharsets;

/**
 * The one escape table of the wire (and of the pretty format, which quotes the same way): JSON's
 * two-character escapes for {@code " \ \b \f \n \r \t}, {@code \}{@code uXXXX} with lower-case hex
 * for every other character that must not appear as it is.
 */
final class JsonEscapes {

  /** Lower-case hex digits of {@code \}{@code uXXXX} escapes. */
  static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

  /** For each ASCII character, the letter of its two-character escape, or 0. */
  private static final byte[] SHORT = new byte[0x80];

  static {
    SHORT['"'] = '"';
    SHORT['\\'] = '\\';
    SHORT['\b'] = 'b';
    SHORT['\f'] = 'f';
    SHORT['\n'] = 'n';
    SHORT['\r'] = 'r';
    SHORT['\t'] = 't';
  }

  private JsonEscapes() {}

  /** The letter of {@code c}'s two-character escape ({@code n} for a newline), or 0 if none. */
  static byte shortEscape(char c) {
    return c < 0x80 ? SHORT[c] : 0;
  }
}
