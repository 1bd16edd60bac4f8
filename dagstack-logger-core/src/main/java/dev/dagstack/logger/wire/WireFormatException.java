package dev.dagstack.logger.wire;

/**
 * A line that is not a valid dagstack JSON-lines record; the message names the problem. The
 * message often quotes the line (a field name, a bad value), and the CLI prints it on a terminal:
 * its control characters are escaped here, where every such message is made.
 */
public final class WireFormatException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A problem described by {@code message}, e.g. {@code "severity_number 25 is outside 1..24"}. */
  public WireFormatException(String message) {
    super(ControlChars.escape(message));
  }
}
