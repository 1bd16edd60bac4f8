package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.processor.LogRecordProcessor;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.redaction.RedactionConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerGroup;
import org.springframework.boot.logging.LoggerGroups;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The one job of turning {@code dagstack.logger.*} and Boot's {@code logging.*} properties into
 * the core's configuration (spec §9): the settings every configuration shares, the levels
 * ({@code logging.level.*}, groups, {@code dagstack.logger.level}/{@code loggers.*}), the
 * resource, redaction, and the startup buffering configuration. Stateless; every bad value is an
 * {@link InvalidDagstackLoggerPropertyException} naming its property.
 */
final class LoggerConfigurationFactory {

  private LoggerConfigurationFactory() {}

  /** A level asked for by a property: Boot's level and the exact dagstack severity. */
  record Wanted(LogLevel bootLevel, int severity) {}

  /**
   * The levels the properties ask for, by logger name ({@code ""} is the root):
   * {@code logging.level.*} ({@link #bootLevels}), then {@code dagstack.logger.level} and
   * {@code dagstack.logger.loggers.*} ({@link #dagstackLevels}), which win.
   */
  static Map<String, Wanted> propertyLevels(DagstackLoggerProperties properties,
      Environment environment, LoggerGroups loggerGroups) {
    Map<String, Wanted> wanted = bootLevels(environment, loggerGroups);
    dagstackLevels(properties).forEach((name, severity) ->
        wanted.put(name, new Wanted(DagstackLoggingSystem.logLevel(severity), severity)));
    return wanted;
  }

  /**
   * The dagstack severities of {@code wanted} where no Boot logging system applies them (a
   * context without one, e.g. an {@code ApplicationContextRunner}): an OFF from
   * {@code logging.level.*} is left to Logback rather than applied.
   */
  static Map<String, Integer> severities(Map<String, Wanted> wanted) {
    Map<String, Integer> levels = new LinkedHashMap<>();
    wanted.forEach((name, level) -> {
      if (level.bootLevel() != LogLevel.OFF) {
        levels.put(name, level.severity());
      }
    });
    return levels;
  }

  /**
   * {@code dagstack.logger.level} (under {@code ""}) and {@code dagstack.logger.loggers.*},
   * each checked.
   */
  static Map<String, Integer> dagstackLevels(DagstackLoggerProperties properties) {
    Map<String, Integer> levels = new LinkedHashMap<>();
    if (StringUtils.hasText(properties.getLevel())) {
      levels.put("", level(DagstackLoggerProperties.PREFIX + ".level", properties.getLevel()));
    }
    properties.getLoggers().forEach((name, value) -> levels.put(name,
        level(DagstackLoggerProperties.PREFIX + ".loggers." + name, value)));
    return levels;
  }

  /**
   * Boot logging properties that cannot work as written beside the bridge: a structured console
   * format (the console carries dagstack records only) fails startup; Boot's own log file
   * ({@code logging.file.name}/{@code .path}) keeps its own format, which is reported once.
   */
  static void checkBootLogging(DagstackLoggerProperties properties, Environment environment) {
    DagstackLoggerProperties.Slf4j bridge = properties.getBridge().getSlf4j();
    String structured = environment.getProperty("logging.structured.format.console");
    if (bridge.isEnabled() && bridge.isReplaceConsole() && StringUtils.hasText(structured)) {
      throw new InvalidDagstackLoggerPropertyException("logging.structured.format.console", structured,
          "no structured console format while the dagstack logger owns the console: records are"
              + " written by the dagstack console sink (JSON lines or pretty). Remove the property,"
              + " or set " + DagstackLoggerProperties.PREFIX + ".bridge.slf4j.replace-console=false"
              + " to keep Boot's console beside the dagstack sinks");
    }
    String bootFile = environment.getProperty("logging.file.name",
        environment.getProperty("logging.file.path"));
    if (bridge.isEnabled() && StringUtils.hasText(bootFile)) {
      Diagnostics.warn("logging.file.name/path: Spring Boot's own log file keeps Boot's format"
          + " beside the dagstack sinks; for dagstack records in a file use a sink of type file",
          Attrs.of("logging.file", bootFile));
    }
  }

  /**
   * The configuration that holds records while the sinks do not exist yet: every severity into
   * {@code buffer} (Logback's levels already filter SLF4J events; the final levels filter the
   * replay), with the configured resource and redaction so that held records look like the rest.
   */
  static LoggerConfiguration buffering(DagstackLoggerProperties properties, Environment environment,
      PreConfigurationBuffer buffer) {
    try {
      return common(properties, environment).rootLevel(Severity.MIN).sinks(buffer).build();
    } catch (RuntimeException e) {
      // A bad setting is reported when the context binds it; hold the records meanwhile.
      return LoggerConfiguration.builder().rootLevel(Severity.MIN).sinks(buffer).build();
    }
  }

  /**
   * The processor chain the properties set: {@code processors}, then the debug token's mask when
   * a debug token is configured. What the running configuration and a failed start's use.
   */
  static List<LogRecordProcessor> processors(DagstackLoggerProperties properties) {
    return DebugTokenMask.appendTo(ProcessorFactory.create(properties.getProcessors()),
        properties.getWeb().getDebug());
  }

  /** The settings shared by the buffering and the final configuration. */
  static LoggerConfiguration.Builder common(DagstackLoggerProperties properties,
      Environment environment) {
    return LoggerConfiguration.builder()
        .resourceAttributes(resource(properties, environment))
        .redaction(redaction(properties.getRedaction()))
        .autoInjectTraceContext(properties.isAutoInjectTraceContext())
        .baggageKeys(properties.getBaggageKeys());
  }

  /**
   * Puts {@code value} under {@code name}, or, when {@code name} is a logger group with members
   * ({@code web}, {@code sql}, {@code logging.group.*}), under each member instead, as Boot
   * expands {@code logging.level.<group>}.
   */
  private static void putExpanded(Map<String, Wanted> into, String name, Wanted value,
      LoggerGroups loggerGroups) {
    LoggerGroup group = loggerGroups == null ? null : loggerGroups.get(name);
    if (group != null && group.hasMembers()) {
      group.getMembers().forEach(member -> into.put(member, value));
    } else {
      into.put(name, value);
    }
  }

  /**
   * The one reader of Boot's {@code logging.level.*}, by logger name: {@code root} (any case) as
   * {@code ""}, Boot's logger groups ({@code web}, {@code sql}, {@code logging.group.*}) expanded
   * to their members as Boot does, values as Boot reads them ({@link #bootLogLevel}; one Boot
   * would not take is left out).
   */
  static Map<String, Wanted> bootLevels(Environment environment, LoggerGroups loggerGroups) {
    Map<String, Wanted> wanted = new LinkedHashMap<>();
    Binder.get(environment).bind("logging.level", Bindable.mapOf(String.class, String.class))
        .orElse(Map.of()).forEach((name, value) -> {
          LogLevel level = bootLogLevel(value);
          if (level == null) {
            return;
          }
          Wanted each = new Wanted(level, DagstackLoggingSystem.severity(level));
          if (name.equalsIgnoreCase(org.springframework.boot.logging.LoggingSystem.ROOT_LOGGER_NAME)) {
            wanted.put("", each);
          } else {
            putExpanded(wanted, name, each, loggerGroups);
          }
        });
    return wanted;
  }

  /** A Boot level name ({@code debug}, {@code off}, {@code false} for OFF), or {@code null} if unknown. */
  static LogLevel bootLogLevel(String value) {
    String upper = value.strip().toUpperCase(java.util.Locale.ROOT);
    if (upper.equals("FALSE")) {
      return LogLevel.OFF;
    }
    try {
      return LogLevel.valueOf(upper);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static int level(String property, String value) {
    try {
      return Severity.parse(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidDagstackLoggerPropertyException(property, value, e.getMessage());
    }
  }

  /**
   * The resource: {@code management.opentelemetry.resource-attributes} (Boot's OpenTelemetry
   * resource), overridden by {@code dagstack.logger.resource.*}; {@code service.name} from
   * {@code spring.application.name} when neither sets it (nor OTEL_SERVICE_NAME /
   * OTEL_RESOURCE_ATTRIBUTES).
   */
  static Map<String, Object> resource(DagstackLoggerProperties properties, Environment environment) {
    Map<String, Object> resource = new LinkedHashMap<>(Binder.get(environment)
        .bind("management.opentelemetry.resource-attributes",
            Bindable.mapOf(String.class, String.class))
        .orElse(Map.of()));
    resource.putAll(properties.getResource());
    String applicationName = environment.getProperty("spring.application.name");
    boolean serviceNameFromOtel = StringUtils.hasText(environment.getProperty("OTEL_SERVICE_NAME"))
        || String.valueOf(environment.getProperty("OTEL_RESOURCE_ATTRIBUTES")).contains("service.name=");
    if (!resource.containsKey("service.name") && StringUtils.hasText(applicationName)
        && !serviceNameFromOtel) {
      resource.put("service.name", applicationName);
    }
    return resource;
  }

  /** Validates each suffix on its own so that the failure names its index. */
  static RedactionConfig redaction(DagstackLoggerProperties.Redaction redaction) {
    List<String> suffixes = redaction.getExtraSuffixes();
    for (int i = 0; i < suffixes.size(); i++) {
      try {
        new RedactionConfig(List.of(suffixes.get(i)), false);
      } catch (IllegalArgumentException e) {
        throw new InvalidDagstackLoggerPropertyException(
            DagstackLoggerProperties.PREFIX + ".redaction.extra-suffixes[" + i + "]", suffixes.get(i),
            e.getMessage() + "; accepted: non-empty lowercase ASCII suffixes without whitespace, e.g. _pin");
      }
    }
    return new RedactionConfig(List.copyOf(suffixes), redaction.isReplaceDefaults());
  }
}
