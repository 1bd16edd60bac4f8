package dev.dagstack.logger.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * Reports an invalid {@code dagstack.logger.*} property the way Spring Boot reports a binding
 * failure: the property, the value, where it came from and what it accepts. Also takes over
 * Boot's report of a {@code dagstack.logger.*} value the binder cannot convert, so that a bad enum
 * value lists the accepted values instead of "No enum constant". Registered in
 * {@code META-INF/spring.factories}; Boot passes the failed context's Environment, where the
 * origin (file and line) of a value is looked up when the failure did not carry it (map and list
 * entries such as {@code loggers.foo} or {@code allowed-addresses[0]}).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class DagstackLoggerFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidDagstackLoggerPropertyException> {

  private final Environment environment;

  /** @param environment the failed context's environment, or {@code null} (no origin look-up) */
  public DagstackLoggerFailureAnalyzer(Environment environment) {
    this.environment = environment;
  }

  DagstackLoggerFailureAnalyzer() {
    this(null);
  }

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    FailureAnalysis own = super.analyze(failure);
    if (own != null) {
      return own;
    }
    LoggerConfigurationCustomizerException customizer =
        findCause(failure, LoggerConfigurationCustomizerException.class);
    if (customizer != null) {
      return new FailureAnalysis(customizer.getMessage(), customizer.beanName() != null
          ? "Fix the LoggerConfigurationCustomizer bean '" + customizer.beanName()
              + "' so that it leaves a valid configuration."
          : "Fix the LoggerConfigurationCustomizer beans so that together they leave a valid"
              + " configuration.", customizer);
    }
    BindException bind = findCause(failure, BindException.class);
    InvalidDagstackLoggerPropertyException invalid = bind == null ? null : invalid(bind);
    return invalid == null ? null : analyze(failure, invalid);
  }

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidDagstackLoggerPropertyException cause) {
    String value = cause.value() == null ? "(none)" : "\"" + cause.value() + "\"";
    Object origin = cause.origin() != null ? cause.origin() : origin(cause.property());
    String description = "Invalid dagstack logger configuration:\n\n"
        + "    Property: " + cause.property() + "\n"
        + "    Value: " + value + "\n"
        + (origin == null ? "" : "    Origin: " + origin + "\n")
        + "    Reason: " + cause.accepted() + "\n";
    String action = cause.accepted().startsWith(PropertyNames.NO_SUCH_SETTING)
        ? "Update your application's configuration: rename " + cause.property()
            + " to a valid name (see the names accepted above), or remove it."
        : "Update your application's configuration so that " + cause.property()
            + " has an accepted value.";
    return new FailureAnalysis(description, action, cause);
  }

  /**
   * A {@code dagstack.logger.*} value Boot's binder could not convert, as an invalid property
   * with what is accepted (an enum's values in the case they are written), or {@code null} for
   * another failure.
   */
  static InvalidDagstackLoggerPropertyException invalid(BindException e) {
    ConfigurationProperty property = e.getProperty();
    ConfigurationPropertyName name = property != null ? property.getName() : e.getName();
    if (!ConfigurationPropertyName.of(DagstackLoggerProperties.PREFIX).isAncestorOf(name)) {
      return null;
    }
    Class<?> resolved = e.getTarget().getType().resolve();
    Class<?> type = resolved == null ? null : ClassUtils.resolvePrimitiveIfNecessary(resolved);
    String accepted;
    if (type == ProcessorProperties.Type.class) {
      // The names the docs and the other bindings use (sampler_rate); the dashed ones bind too.
      accepted = ProcessorFactory.ACCEPTED_TYPES + " (any case)";
    } else if (type != null && type.isEnum()) {
      List<String> values = new ArrayList<>();
      for (Object constant : type.getEnumConstants()) {
        values.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      accepted = "one of " + String.join(", ", values) + " (any case)";
    } else if (type == Integer.class || type == Long.class) {
      accepted = "a whole number";
    } else if (type == Double.class) {
      accepted = "a number";
    } else if (type == Duration.class) {
      accepted = "a duration such as 500ms, 2s or 1m";
    } else if (type == DataSize.class) {
      accepted = "a size such as 512KB or 10MB";
    } else if (type == Boolean.class) {
      accepted = "true or false";
    } else {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String why = String.valueOf(root.getMessage());
      if (why.contains("were left unbound")) {
        // A list set in part by a higher-precedence source (--x.processors[1].type=foo): Boot
        // binds a list from one source only, so the other entries are not merged in.
        accepted = "a whole list from one source: a list is replaced by the highest-precedence"
            + " source that sets any of its entries, which must then give every entry from [0]"
            + " on (" + why + ")";
      } else {
        accepted = "a value of type " + (type == null ? "?" : type.getSimpleName())
            + " (" + why + ")";
      }
    }
    return new InvalidDagstackLoggerPropertyException(name.toString(),
        property == null ? null : property.getValue(), accepted,
        property == null ? null : property.getOrigin());
  }

  /**
   * Where {@code property} was set, looked up in the environment; for a list entry given as a
   * comma-separated value ({@code extra-suffixes=_pin,_OTP}) the list's own property.
   */
  private Object origin(String property) {
    if (environment == null) {
      return null;
    }
    ConfigurationPropertyName name = ConfigurationPropertyName.isValid(property)
        ? ConfigurationPropertyName.of(property) : ConfigurationPropertyName.adapt(property, '.');
    while (!name.isEmpty()) {
      for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
        ConfigurationProperty found = source.getConfigurationProperty(name);
        if (found != null && found.getOrigin() != null) {
          return found.getOrigin();
        }
      }
      if (!name.isLastElementIndexed()) {
        return null;
      }
      name = name.getParent();
    }
    return null;
  }
}
