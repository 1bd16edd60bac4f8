package dev.dagstack.logger.convention;

/**
 * A schema file that cannot be used (the message names the file, the line and the problem), or,
 * in {@link ValidationMode#STRICT} mode, a typed event that breaks its schema (the message lists
 * the missing and surplus attributes).
 */
public class EventSchemaException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public EventSchemaException(String message) {
    super(message);
  }

  public EventSchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
