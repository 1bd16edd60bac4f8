package dev.dagstack.logger.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an invalid {@code dagstack.logger.*} property the way Spring Boot reports a binding
 * failure: the property, the value, where it came from and what it accepts. Registered in
 * {@code META-INF/spring.factories}.
 */
class DagstackLoggerFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidDagstackLoggerPropertyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidDagstackLoggerPropertyException cause) {
    String value = cause.value() == null ? "(none)" : "\"" + cause.value() + "\"";
    String description = "Invalid dagstack logger configuration:\n\n"
        + "    Property: " + cause.property() + "\n"
        + "    Value: " + value + "\n"
        + (cause.origin() == null ? "" : "    Origin: " + cause.origin() + "\n")
        + "    Reason: " + cause.accepted() + "\n";
    String action = cause.accepted().startsWith(PropertyNames.NO_SUCH_SETTING)
        ? "Update your application's configuration: rename " + cause.property()
            + " to a valid name (the nearest one is given above), or remove it."
        : "Update your application's configuration so that " + cause.property()
            + " has an accepted value.";
    return new FailureAnalysis(description, action, cause);
  }
}
