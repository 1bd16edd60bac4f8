package dev.dagstack.sample;

/** An order request that breaks a rule; the message names the field and the rule. */
public class InvalidOrderException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidOrderException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The request field at fault, as named in the JSON body. */
  public String field() {
    return field;
  }
}
