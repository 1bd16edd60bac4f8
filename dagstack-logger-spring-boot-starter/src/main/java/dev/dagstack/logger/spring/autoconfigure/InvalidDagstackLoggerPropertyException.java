package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.redaction.UrlCredentials;

/**
 * A {@code dagstack.logger.*} property whose value the logger cannot use, or that names no
 * setting. Startup fails with it; {@link DagstackLoggerFailureAnalyzer} turns it into a report
 * naming the property, the value, what is accepted and, when known, where the value came from.
 */
final class InvalidDagstackLoggerPropertyException extends RuntimeException {

  private final String property;
  private final String value;
  private final String accepted;
  private final String origin;

  /**
   * @param property the full property path, e.g. {@code dagstack.logger.sinks.app.type}
   * @param value the bad value as configured, or {@code null} when it is missing
   * @param accepted what the property accepts (and, where useful, why the value is not)
   */
  InvalidDagstackLoggerPropertyException(String property, Object value, String accepted) {
    this(property, value, accepted, null);
  }

  /** As above, with the origin of the value (e.g. {@code class path resource [application.yaml] - 12:5}). */
  InvalidDagstackLoggerPropertyException(String property, Object value, String accepted,
      Object origin) {
    super("Invalid value " + (value == null ? "(none)" : "'" + shown(value) + "'") + " for "
        + property + ": " + accepted + (origin == null ? "" : " (from " + origin + ")"));
    this.property = property;
    this.value = value == null ? null : shown(value);
    this.accepted = accepted;
    this.origin = origin == null ? null : String.valueOf(origin);
  }

  /**
   * A property value as reports and the actuator show it: what may be a URL's credentials
   * masked.
   */
  static String shown(Object value) {
    String text = String.valueOf(value);
    return mayHoldCredentials(text) ? UrlCredentials.mask(text) : text;
  }

  /** Whether {@code text} may be a URL with credentials, well-formed or not. */
  private static boolean mayHoldCredentials(String text) {
    return text.contains("@") || text.contains(":/") || text.contains("//")
        || (text.contains("?") && text.contains("="));
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

  /** Where the value came from, or {@code null} when unknown. */
  String origin() {
    return origin;
  }
}
