package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.Severity;
import dev.dagstack.logger.context.TraceContextProvider;
import dev.dagstack.logger.convention.ConventionsConfig;
import dev.dagstack.logger.internal.Diagnostics;
import dev.dagstack.logger.redaction.RedactionConfig;
import dev.dagstack.logger.sink.Sink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LoggerGroup;
import org.springframework.boot.logging.LoggerGroups;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Applies the {@code dagstack.logger.*} properties, the configured sinks, the application's own
 * {@link Sink} beans and the trace-context source through {@link Logger#configure}, and on
 * context close flushes and closes every sink and puts the logger back to its defaults (unless
 * another configuration has been applied since).
 */
public final class DagstackLoggerConfigurer implements DisposableBean {

  /** How long closing the context waits for sinks to deliver what is pending. */

  private static final Pattern CONFIGURED_SINK =
      Pattern.compile(Pattern.quote(SinkFactory.PREFIX + ".") + ".+");

  private final List<Sink> sinks;
  private final List<Sink> debugSinks;
  private final LoggerConfiguration configuration;

  /**
   * Builds and applies the configuration.
   *
   * @param sinkBeans every {@link Sink} bean by bean name: the configured ones (named after their
   *     property) and the application's own
   * @param traceContextProvider the trace-context source, or {@code null} for the core's default
   * @param conventions operations and typed events, or {@code null} for the core's defaults
   * @throws InvalidDagstackLoggerPropertyException naming the first invalid property
   */
  DagstackLoggerConfigurer(DagstackLoggerProperties properties, Environment environment,
      Map<String, Sink> sinkBeans, TraceContextProvider traceContextProvider,
      LoggerGroups loggerGroups, ConventionsConfig conventions) {
    List<Sink> all = checkUniqueIds(sinkBeans);
    this.debugSinks = takeDebugSinks(all, properties.getWeb().getDebug().getSinks());
    this.sinks = List.copyOf(all);
    LoggerConfiguration.Builder builder = LoggerConfiguration.builder()
        .rootLevel(rootLevel(properties, environment))
        .sinks(sinks)
        .resourceAttributes(resource(properties, environment))
        .redaction(redaction(properties.getRedaction()))
        .autoInjectTraceContext(properties.isAutoInjectTraceContext())
        .baggageKeys(properties.getBaggageKeys())
        .conventions(conventions);
    loggerLevels(properties, environment, loggerGroups).forEach(builder::level);
    if (traceContextProvider != null) {
      builder.traceContextProvider(traceContextProvider);
    }
    try {
      this.configuration = builder.build();
      Logger.configure(configuration);
    } catch (IllegalArgumentException e) {
      throw new InvalidDagstackLoggerPropertyException(DagstackLoggerProperties.PREFIX, null,
          e.getMessage());
    }
  }

  /** Every sink attached to the root logger, configured ones first. */
  public List<Sink> sinks() {
    return sinks;
  }

  /**
   * The sinks named by {@code dagstack.logger.web.debug.sinks}: not attached to the root logger,
   * they receive only the records of accepted debug requests.
   */
  public List<Sink> debugSinks() {
    return debugSinks;
  }

  /** The root sinks, then the debug sinks: every sink this configurer flushes and closes. */
  public List<Sink> allSinks() {
    List<Sink> all = new ArrayList<>(sinks);
    all.addAll(debugSinks);
    return all;
  }

  /** The configuration this configurer applied. */
  public LoggerConfiguration configuration() {
    return configuration;
  }

  /**
   * Restores the defaults if this configuration is still applied, then closes every sink (close
   * flushes what is pending and reports what it could not deliver; it is idempotent, so Spring
   * closing the sink beans afterwards is harmless).
   */
  @Override
  public void destroy() {
    if (Logger.configuration() == configuration) {
      Logger.reset();
    }
    for (Sink sink : allSinks()) {
      try {
        sink.close();
      } catch (RuntimeException e) {
        Diagnostics.error("closing sink " + sink.id() + " failed", e,
            dev.dagstack.logger.Attrs.of("sink.id", sink.id()));
      }
    }
  }

  /** The root level: dagstack.logger.level, else logging.level.root, else INFO. */
  private static int rootLevel(DagstackLoggerProperties properties, Environment environment) {
    if (StringUtils.hasText(properties.getLevel())) {
      return level(DagstackLoggerProperties.PREFIX + ".level", properties.getLevel());
    }
    String bootRoot = bootLevels(environment).get("root");
    Integer mapped = bootRoot == null ? null : bootLevel(bootRoot);
    return mapped != null ? mapped : Severity.INFO;
  }

  /**
   * Per-logger levels: logging.level.* (Boot's names, and Boot's logger groups such as
   * {@code web} or {@code logging.group.*} expanded to their members, as Boot does; OFF is left
   * to Logback), overridden by dagstack.logger.loggers.* for the same name.
   */
  static Map<String, Integer> loggerLevels(DagstackLoggerProperties properties,
      Environment environment, LoggerGroups loggerGroups) {
    Map<String, Integer> levels = new LinkedHashMap<>();
    bootLevels(environment).forEach((name, value) -> {
      Integer mapped = bootLevel(value);
      if (name.equalsIgnoreCase("root") || mapped == null) {
        return;
      }
      LoggerGroup group = loggerGroups == null ? null : loggerGroups.get(name);
      if (group != null && group.hasMembers()) {
        group.getMembers().forEach(member -> levels.put(member, mapped));
      } else {
        levels.put(name, mapped);
      }
    });
    properties.getLoggers().forEach((name, value) -> levels.put(name,
        level(DagstackLoggerProperties.PREFIX + ".loggers." + name, value)));
    return levels;
  }

  private static Map<String, String> bootLevels(Environment environment) {
    return Binder.get(environment)
        .bind("logging.level", Bindable.mapOf(String.class, String.class))
        .orElse(Map.of());
  }

  /** A Boot level name as a severity, or {@code null} for OFF or a name we do not know. */
  private static Integer bootLevel(String value) {
    try {
      return Severity.parse(value);
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

  private static Map<String, Object> resource(DagstackLoggerProperties properties, Environment environment) {
    Map<String, Object> resource = new LinkedHashMap<>(properties.getResource());
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
  private static RedactionConfig redaction(DagstackLoggerProperties.Redaction redaction) {
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

  /**
   * The sinks in bean order. Two sinks with one id fail, naming the id property of a configured
   * one (the later one when both are configured).
   */
  private static List<Sink> checkUniqueIds(Map<String, Sink> sinkBeans) {
    Map<String, String> ownerById = new LinkedHashMap<>();
    List<Sink> sinks = new ArrayList<>();
    for (Map.Entry<String, Sink> entry : sinkBeans.entrySet()) {
      Sink sink = entry.getValue();
      String previous = ownerById.putIfAbsent(sink.id(), entry.getKey());
      if (previous != null) {
        boolean laterConfigured = CONFIGURED_SINK.matcher(entry.getKey()).matches();
        String culprit = laterConfigured || !CONFIGURED_SINK.matcher(previous).matches()
            ? entry.getKey() : previous;
        String other = culprit.equals(previous) ? entry.getKey() : previous;
        String property = CONFIGURED_SINK.matcher(culprit).matches()
            ? culprit : "Sink bean '" + culprit + "'";
        throw new InvalidDagstackLoggerPropertyException(property, sink.id(),
            "a sink id used by no other sink, but " + describe(other) + " already uses it");
      }
      sinks.add(sink);
    }
    return sinks;
  }

  /**
   * Removes the sinks named by {@code ids} from {@code all} and returns them in that order; an id
   * that names no sink fails, naming its property.
   */
  private static List<Sink> takeDebugSinks(List<Sink> all, List<String> ids) {
    List<Sink> taken = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      Sink found = null;
      for (Sink sink : all) {
        if (sink.id().equals(id)) {
          found = sink;
          break;
        }
      }
      if (found == null) {
        List<String> known = new ArrayList<>();
        all.forEach(sink -> known.add(sink.id()));
        taken.forEach(sink -> known.add(sink.id()));
        throw new InvalidDagstackLoggerPropertyException(
            DagstackLoggerProperties.PREFIX + ".web.debug.sinks[" + i + "]", id,
            "the id of a sink configured in " + DagstackLoggerProperties.PREFIX
                + ".sinks; configured ids: " + String.join(", ", known));
      }
      all.remove(found);
      taken.add(found);
    }
    return List.copyOf(taken);
  }

  private static String describe(String beanName) {
    return CONFIGURED_SINK.matcher(beanName).matches() ? beanName : "the Sink bean '" + beanName + "'";
  }
}
