package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.Sink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * {@code GET /actuator/dagstacklogger} (read-only): the configuration in effect: the root level
 * and per-logger levels, every sink with its id, type, settings, drop counts and buffer depth,
 * the resource, the redaction suffixes, the processor chain in effect (its processors' names, in
 * order), and the {@code dagstack.logger.*} properties as the Environment holds them (each name
 * with the value of its highest-precedence source, whether or not a refresh applied it).
 * Secrets are shown as {@code "******"}, fail-closed: every value whose key, or any key above it,
 * looks secret (a redaction suffix such as {@code _key} as configured or as Boot spells it,
 * {@code apikey}; or a token, password, salt, header, authorization, cookie or credential), so
 * OTLP {@code headers} and secret-named enrich {@code attributes} are masked.
 */
@Endpoint(id = "dagstacklogger")
public class DagstackLoggerEndpoint {

  static final String MASK = "******";

  /** dagstack-logger-otlp is optional: its types are touched only when it is there. */
  private static final boolean OTLP_PRESENT = ClassUtils.isPresent(
      DagstackOtlpAutoConfiguration.OTLP_SINK_CLASS, DagstackLoggerEndpoint.class.getClassLoader());

  private final DagstackLoggerConfigurer configurer;
  private final Environment environment;

  DagstackLoggerEndpoint(DagstackLoggerConfigurer configurer, Environment environment) {
    this.configurer = configurer;
    this.environment = environment;
  }

  /** The effective configuration; see the class comment. */
  @ReadOperation
  public Map<String, Object> configuration() {
    LoggerConfiguration applied = configurer.configuration();
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
        resource.put(key, secret(key, suffixes) ? MASK : value));
    result.put("resource", resource);
    result.put("redactionSuffixes", suffixes);
    List<String> processors = new java.util.ArrayList<>();
    applied.processors().processors().forEach(processor -> processors.add(processor.name()));
    result.put("processors", processors);
    Map<String, Object> properties = new TreeMap<>();
    PropertyNames.under(ConfigurationPropertySources.get(environment),
        ConfigurationPropertyName.of(DagstackLoggerProperties.PREFIX)).forEach((name, property) -> {
          String key = name.toString();
          String value = environment.getProperty(key, String.valueOf(property.getValue()));
          // A URL's user info and query values may be credentials whatever the key's name.
          properties.put(key, masked(name, suffixes) ? MASK
              : value == null ? null : InvalidDagstackLoggerPropertyException.shown(value));
        });
    result.put("properties", properties);
    return result;
  }

  private static Map<String, Object> sink(Sink sink, String attachedTo) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("type", typeName(sink));
    detail.put("attachedTo", attachedTo);
    if (OTLP_PRESENT) {
      OtlpDetails.add(sink, detail);
    }
    detail.put("closed", sink.isClosed());
    detail.put("bufferDepth", sink.bufferDepth());
    detail.put("dropped", dropped(sink));
    return detail;
  }

  /** A sink's class: its simple name, or the full name for an anonymous or local class. */
  static String typeName(Sink sink) {
    String simple = sink.getClass().getSimpleName();
    return simple.isEmpty() ? sink.getClass().getName() : simple;
  }

  /** A sink's drop counts by reason tag. */
  static Map<String, Long> dropped(Sink sink) {
    Map<String, Long> dropped = new LinkedHashMap<>();
    for (DropReason reason : DropReason.values()) {
      dropped.put(reason.tag(), sink.droppedCount(reason));
    }
    return dropped;
  }

  /**
   * Whether the value of {@code name} is masked (fail-closed): any element of the name, as
   * configured ({@code api_key}) or as Boot's binder spells it ({@code apikey}), that looks
   * secret masks everything below it, so a secret key at any depth, every OTLP header and every
   * enrich attribute named like a secret are masked.
   */
  static boolean masked(ConfigurationPropertyName name, List<String> suffixes) {
    for (int i = 0; i < name.getNumberOfElements(); i++) {
      if (!name.isNumericIndex(i) && (secret(name.getElement(i, Form.ORIGINAL), suffixes)
          || secret(name.getElement(i, Form.DASHED), suffixes))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a key looks secret: it ends in a redaction suffix ({@code _key}, {@code _token}...),
   * also with the separators dropped ({@code apikey}, {@code db-password}), or names a salt, a
   * header map, an authorization, a cookie or a credential.
   */
  static boolean secret(String key, List<String> suffixes) {
    String lower = key.toLowerCase(Locale.ROOT);
    String compact = lower.replaceAll("[^a-z0-9]", "");
    for (String suffix : suffixes) {
      String bare = suffix.replaceAll("[^a-z0-9]", "");
      if (lower.replace('-', '_').endsWith(suffix) || (!bare.isEmpty() && compact.endsWith(bare))) {
        return true;
      }
    }
    for (String word : SECRET_WORDS) {
      if (compact.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** Words that make a key secret wherever they occur in it (separators dropped). */
  private static final List<String> SECRET_WORDS = List.of("token", "password", "passwd", "secret",
      "salt", "headers", "authorization", "auth", "cookie", "credential", "apikey", "privatekey");

  /**
   * Where an OTLP sink sends (credentials in the URL masked) and how: with the endpoint taken
   * from Boot's properties or the {@code OTEL_EXPORTER_OTLP_*} variables, the configured
   * properties alone do not say. Loaded only when dagstack-logger-otlp is on the classpath.
   */
  private static final class OtlpDetails {

    static void add(Sink sink, Map<String, Object> detail) {
      if (sink instanceof dev.dagstack.logger.otlp.OtlpSink otlp) {
        detail.put("endpoint", otlp.endpoint());
        detail.put("protocol", otlp.protocol().value());
      }
    }
  }
}
