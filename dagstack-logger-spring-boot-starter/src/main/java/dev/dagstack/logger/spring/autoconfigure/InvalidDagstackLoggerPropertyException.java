package dev.dagstack.logger.spring.autoconfigure;

/**
 * A {@code dagstack.logger.*} property whose value the logger cannot use. Startup fails with it;
 * {@link DagstackLoggerFailureAnalyzer} turns it into a report naming the property, the value and
 * what is accepted.
 */
final class InvalidDagstackLoggerPropertyException extends RuntimeException {

  private final String property;
  private final String value;
  private final String accepted;

  /**
   * @param property the full property path, e.g. {@code dagstack.logger.sinks[1].type}
   * @param value the bad value as configured, or {@code null} when it is missing
   * @param accepted what the property accepts (and, where useful, why the value is not)
   */
  InvalidDagstackLoggerPropertyException(String property, Object value, String accepted) {
    super("Invalid value " + (value == null ? "(none)" : "'" + value + "'") + " for " + property
        + ": " + accepted);
    this.property = property;
    this.value = value == null ? null : String.valueOf(value);
    this.accepted = accepted;
  }

  String property() {
    return property;
  }

  /** The bad value, or {@code null} when the property is missing. */
  String value() {
    return value;
  }

  String accepted() {
    return accepted;
  }
}
