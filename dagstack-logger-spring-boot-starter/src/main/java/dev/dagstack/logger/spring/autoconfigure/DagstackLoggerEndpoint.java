package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.Severity;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.Sink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * {@code GET /actuator/dagstacklogger} (read-only): the configuration in effect: the root level
 * and per-logger levels, every sink with its id, type, settings, drop counts and buffer depth,
 * the resource, the redaction suffixes, and the {@code dagstack.logger.*} properties as
 * configured. A value whose key ends in a redaction suffix (such as {@code web.debug.token}) is
 * shown as {@code "******"}.
 */
@Endpoint(id = "dagstacklogger")
public class DagstackLoggerEndpoint {

  static final String MASK = "******";

  private final DagstackLoggerConfigurer configurer;
  private final Environment environment;

  DagstackLoggerEndpoint(DagstackLoggerConfigurer configurer, Environment environment) {
    this.configurer = configurer;
    this.environment = environment;
  }

  /** The effective configuration; see the class comment. */
  @ReadOperation
  public Map<String, Object> configuration() {
    LoggerConfiguration applied = Logger.configuration();
    List<String> suffixes = applied.redaction().effectiveSuffixes();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("level", Severity.text(applied.rootLevel()));
    Map<String, String> levels = new TreeMap<>();
    applied.levels().forEach((name, level) -> levels.put(name, Severity.text(level)));
    result.put("levels", levels);
    Map<String, Object> sinks = new LinkedHashMap<>();
    for (Sink sink : configurer.sinks()) {
      sinks.put(sink.id(), sink(sink, "root"));
    }
    for (Sink sink : configurer.debugSinks()) {
      sinks.put(sink.id(), sink(sink, "debug requests"));
    }
    result.put("sinks", sinks);
    Map<String, Object> resource = new TreeMap<>();
    applied.resourceAttributes().forEach((key, value) ->
        resource.put(key, masked(key, suffixes) ? MASK : value));
    result.put("resource", resource);
    result.put("redactionSuffixes", suffixes);
    Map<String, Object> properties = new TreeMap<>();
    PropertyNames.under(ConfigurationPropertySources.get(environment),
        ConfigurationPropertyName.of(DagstackLoggerProperties.PREFIX)).forEach((name, property) -> {
          String key = name.toString();
          properties.put(key, masked(key.replace('-', '_'), suffixes) ? MASK
              : environment.getProperty(key, String.valueOf(property.getValue())));
        });
    result.put("properties", properties);
    return result;
  }

  private static Map<String, Object> sink(Sink sink, String attachedTo) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("type", sink.getClass().getSimpleName());
    detail.put("attachedTo", attachedTo);
    detail.put("closed", sink.isClosed());
    detail.put("bufferDepth", sink.bufferDepth());
    detail.put("dropped", dropped(sink));
    return detail;
  }

  /** A sink's drop counts by reason tag. */
  static Map<String, Long> dropped(Sink sink) {
    Map<String, Long> dropped = new LinkedHashMap<>();
    for (DropReason reason : DropReason.values()) {
      dropped.put(reason.tag(), sink.droppedCount(reason));
    }
    return dropped;
  }

  /** Whether {@code key} ends (case-insensitively) in a redaction suffix or in "token". */
  private static boolean masked(String key, List<String> suffixes) {
    String lower = key.toLowerCase(Locale.ROOT);
    // "salt": dagstack.logger.ai-agent.body-hash-salt, which would let hashed bodies be guessed.
    if (lower.endsWith(".token") || lower.endsWith("password") || lower.endsWith("secret")
        || lower.endsWith("salt")) {
      return true;
    }
    for (String suffix : suffixes) {
      if (lower.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }
}
