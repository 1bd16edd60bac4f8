package dev.dagstack.logger.convention;

/** The {@code operation.status} of an operation's closing record (spec §5.1). */
public enum OperationStatus {
  /** Finished normally (the default). */
  OK("ok"),
  /** Failed; the closing record carries the {@code exception.*} attributes when given one. */
  ERROR("error"),
  /** Given up on purpose before it finished. */
  CANCELLED("cancelled"),
  /** Gave up because it ran out of time. */
  TIMEOUT("timeout");

  private final String value;

  OperationStatus(String value) {
    this.value = value;
  }

  /** The value on the wire: {@code ok}, {@code error}, {@code cancelled} or {@code timeout}. */
  public String value() {
    return value;
  }
}
