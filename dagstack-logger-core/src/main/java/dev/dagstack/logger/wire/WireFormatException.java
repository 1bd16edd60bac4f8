package dev.dagstack.logger.wire;

/**
 * A line that is not a valid dagstack JSON-lines record; the message names the problem. The
 * message often quotes the line (a field name, a bad value), so its control characters (line
 * feeds included) are escaped here, where every such message is made, once: it is shown as one
 * {@code <file>:<line>: <problem>} line by the CLI (whose terminal-safe standard error keeps
 * line feeds), by {@code FileFollower} on whatever stream its caller gives, and by any caller of
 * the public parsers. The viewer's HTTP answers never carry it.
 */
public final class WireFormatException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A problem described by {@code message}, e.g. {@code "severity_number 25 is outside 1..24"}. */
  public WireFormatException(String message) {
    super(ControlChars.escape(message));
  }
}
