package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.otlp.OtlpProtocol;
import dev.dagstack.logger.otlp.OtlpSink;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.redaction.UrlCredentials;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.spring.sink.InvalidSinkSettingException;
import dev.dagstack.logger.spring.sink.SinkType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * {@code type: otlp}: an {@link OtlpSink} (module {@code dagstack-logger-otlp}). Defined as a bean
 * by {@link DagstackOtlpAutoConfiguration} only when that module is present.
 *
 * <p>Each setting comes from, in order: the sink's own property; Boot's
 * {@code management.opentelemetry.logging.export.*} (endpoint, transport, headers, compression,
 * timeouts, max-batch-size, max-queue-size, schedule-delay); the standard
 * {@code OTEL_EXPORTER_OTLP_*} variables; the OpenTelemetry SDK's defaults.
 */
final class OtlpSinkType implements SinkType<OtlpSinkSettings> {

  static final String NAME = "otlp";
  static final String BOOT_PREFIX = "management.opentelemetry.logging.export";
  private static final String[] OTEL_VARIABLES = {"ENDPOINT", "PROTOCOL", "HEADERS", "COMPRESSION",
      "TIMEOUT", "CERTIFICATE", "CLIENT_KEY", "CLIENT_CERTIFICATE"};

  private final Environment environment;

  OtlpSinkType(Environment environment) {
    this.environment = environment;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<OtlpSinkSettings> settingsType() {
    return OtlpSinkSettings.class;
  }

  @Override
  public Class<? extends Sink> sinkClass() {
    return OtlpSink.class;
  }

  @Override
  public Sink create(String id, OtlpSinkSettings settings) {
    OtlpSink.Builder builder = OtlpSink.builder().id(id);
    Map<String, String> variables = otelVariables();
    try {
      builder.environment(variables);
    } catch (IllegalArgumentException e) {
      String variable = variables.keySet().stream()
          .filter(name -> e.getMessage() != null && e.getMessage().startsWith(name))
          .findFirst().orElse("OTEL_EXPORTER_OTLP_* variables");
      throw new InvalidDagstackLoggerPropertyException(variable,
          variable.endsWith("HEADERS") ? "(not shown)" : variables.get(variable), e.getMessage());
    }
    String protocolSource = protocolSource(variables);
    String bootTransport = applyBoot(builder, Binder.get(environment), settings.getBufferSize() == null);
    if (bootTransport != null && !(protocolSource != null && variables.get(protocolSource)
        .equalsIgnoreCase(environment.getProperty(bootTransport, "")))) {
      // Boot maps OTEL_EXPORTER_OTLP_PROTOCOL onto its transport property: with the same value,
      // the variable is what the user set, and what a report should name.
      protocolSource = bootTransport;
    }
    if (settings.getEndpoint() != null && settings.getEndpoint().isBlank()) {
      // An unset placeholder (endpoint: ${COLLECTOR_URL:}) would otherwise mean localhost.
      throw new InvalidSinkSettingException("endpoint", settings.getEndpoint(),
          "the endpoint is blank (an unset placeholder?): set the receiver's URL, e.g."
              + " http://collector:4318/v1/logs, or remove the property for the default");
    }
    set(settings.getEndpoint(), builder::endpoint);
    if (StringUtils.hasText(settings.getProtocol())) {
      try {
        builder.protocol(OtlpProtocol.parse(settings.getProtocol()));
      } catch (IllegalArgumentException e) {
        throw new InvalidSinkSettingException("protocol", settings.getProtocol(), e.getMessage());
      }
    }
    settings.getHeaders().forEach((name, value) -> {
      try {
        builder.header(name, value);
      } catch (IllegalArgumentException e) {
        // Not through InvalidSinkSettingException: the report would show the value (a secret).
        throw new InvalidDagstackLoggerPropertyException(
            SinkFactory.path(id) + ".headers." + name, "(not shown)",
            e.getMessage());
      }
    });
    if (StringUtils.hasText(settings.getProtocol())) {
      protocolSource = null;
    }
    set(settings.getCompression(), builder::compression);
    set(settings.getTimeout(), builder::timeout);
    set(settings.getConnectTimeout(), builder::connectTimeout);
    if (StringUtils.hasText(settings.getTrustedCertificates())) {
      builder.trustedCertificates(Path.of(settings.getTrustedCertificates()));
    }
    if (StringUtils.hasText(settings.getClientKey())
        || StringUtils.hasText(settings.getClientCertificate())) {
      builder.clientTls(pathOrNull(settings.getClientKey()),
          pathOrNull(settings.getClientCertificate()));
    }
    set(settings.getMaxAttempts(), builder::maxAttempts);
    set(settings.getMaxBatchSize(), builder::maxBatchSize);
    if (settings.getMaxRecordBytes() != null) {
      // Out of int's range is out of the accepted range too: the builder says so.
      builder.maxRecordBytes((int) Math.min(Integer.MAX_VALUE,
          Math.max(Integer.MIN_VALUE, settings.getMaxRecordBytes().toBytes())));
    }
    set(settings.getScheduleDelay(), builder::scheduleDelay);
    set(settings.getMaxConcurrentExports(), builder::maxConcurrentExports);
    set(settings.getOverflow(), builder::overflow);
    set(settings.getBufferSize(), builder::bufferSize);
    if (settings.getMinSeverity() != null) {
      try {
        builder.minSeverity(Severity.parse(settings.getMinSeverity()));
      } catch (IllegalArgumentException e) {
        throw new InvalidSinkSettingException("min-severity", settings.getMinSeverity(), e.getMessage());
      }
    }
    OtlpSink sink;
    try {
      sink = builder.build();
    } catch (IllegalArgumentException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      if (message.contains("needs a gRPC sender")) {
        if (protocolSource != null) {
          // grpc came from Boot's transport or an OTEL variable, not from the sink's own settings.
          throw new InvalidDagstackLoggerPropertyException(protocolSource, "grpc", message);
        }
        throw new InvalidSinkSettingException("protocol", settings.getProtocol(), message);
      }
      String setting = setting(message);
      String source = setting.equals("endpoint") && settings.getEndpoint() == null
          ? endpointSource(variables) : null;
      if (source != null) {
        // The endpoint came from Boot's property or an OTEL variable: the report names that.
        throw new InvalidDagstackLoggerPropertyException(source, environment.getProperty(source),
            message);
      }
      throw new InvalidSinkSettingException(setting,
          setting.equals("endpoint") ? UrlCredentials.mask(settings.getEndpoint()) : null,
          message);
    }
    if (ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", null)
        && environment.getProperty(DagstackLoggerProperties.PREFIX + ".bridge.slf4j.enabled",
            Boolean.class, true)) {
      OtlpDoubleExportCheck.warnIfDoubled(sink.id());
    }
    return sink;
  }

  /** The setting a builder message is about, for the property path of the report. */
  private static String setting(String message) {
    String m = message == null ? "" : message;
    if (m.contains("compression")) {
      return "compression";
    }
    if (m.contains("maxAttempts")) {
      return "max-attempts";
    }
    if (m.contains("maxBatchSize")) {
      return "max-batch-size";
    }
    if (m.contains("maxRecordBytes")) {
      return "max-record-bytes";
    }
    if (m.contains("maxConcurrentExports")) {
      return "max-concurrent-exports";
    }
    if (m.contains("scheduleDelay")) {
      return "schedule-delay";
    }
    if (m.contains("bufferSize")) {
      return "buffer-size";
    }
    if (m.contains("connectTimeout")) {
      return "connect-timeout";
    }
    if (m.contains("timeout")) {
      return "timeout";
    }
    if (m.contains("trustedCertificates")) {
      return "trusted-certificates";
    }
    if (m.contains("clientKey") || m.contains("clientCertificate")) {
      return "client-key";
    }
    return "endpoint";
  }

  /** The OTEL variable that chose the protocol, if one did. */
  private static String protocolSource(Map<String, String> variables) {
    for (String name : new String[] {"OTEL_EXPORTER_OTLP_LOGS_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"}) {
      if (StringUtils.hasText(variables.get(name))) {
        return name;
      }
    }
    return null;
  }

  /**
   * Boot's own OTLP logging export settings, where the application set them.
   *
   * @return the transport property when Boot's settings chose the protocol, else {@code null}
   */
  private static String applyBoot(OtlpSink.Builder builder, Binder binder, boolean bufferSizeUnset) {
    String otlp = BOOT_PREFIX + ".otlp";
    String transportProperty = otlp + ".transport";
    String chosen = binder.bind(transportProperty, String.class).map(transport -> {
      builder.protocol(
          transport.equalsIgnoreCase("grpc") ? OtlpProtocol.GRPC : OtlpProtocol.HTTP_PROTOBUF);
      return transportProperty;
    }).orElse(null);
    binder.bind(otlp + ".endpoint", String.class).ifBound(builder::endpoint);
    binder.bind(otlp + ".headers", Bindable.mapOf(String.class, String.class)).ifBound(headers ->
        headers.forEach((name, value) -> {
          try {
            builder.header(name, value);
          } catch (IllegalArgumentException e) {
            throw new InvalidDagstackLoggerPropertyException(otlp + ".headers." + name,
                "(not shown)", e.getMessage());
          }
        }));
    binder.bind(otlp + ".compression", String.class).ifBound(builder::compression);
    binder.bind(otlp + ".timeout", Duration.class).ifBound(builder::timeout);
    binder.bind(otlp + ".connect-timeout", Duration.class).ifBound(builder::connectTimeout);
    binder.bind(BOOT_PREFIX + ".max-batch-size", Integer.class).ifBound(builder::maxBatchSize);
    binder.bind(BOOT_PREFIX + ".schedule-delay", Duration.class).ifBound(builder::scheduleDelay);
    if (bufferSizeUnset) {
      binder.bind(BOOT_PREFIX + ".max-queue-size", Integer.class).ifBound(builder::bufferSize);
    }
    return chosen;
  }

  /**
   * Where an endpoint the sink's own settings do not give came from: Boot's property (applied
   * last, so it wins), else the logs variable, else the general one; {@code null} for the default.
   */
  private String endpointSource(Map<String, String> variables) {
    String boot = BOOT_PREFIX + ".otlp.endpoint";
    if (environment.getProperty(boot) != null) {
      return boot;
    }
    for (String name : List.of("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")) {
      if (variables.containsKey(name)) {
        return name;
      }
    }
    return null;
  }

  /** The OTEL_EXPORTER_OTLP_* values the environment has (system environment included). */
  private Map<String, String> otelVariables() {
    Map<String, String> variables = new LinkedHashMap<>();
    for (String suffix : OTEL_VARIABLES) {
      for (String name : new String[] {"OTEL_EXPORTER_OTLP_" + suffix, "OTEL_EXPORTER_OTLP_LOGS_" + suffix}) {
        String value = environment.getProperty(name);
        if (value != null) {
          variables.put(name, value);
        }
      }
    }
    return variables;
  }

  private static Path pathOrNull(String value) {
    return StringUtils.hasText(value) ? Path.of(value) : null;
  }

  private static <T> void set(T value, Consumer<T> setter) {
    if (value instanceof String ? StringUtils.hasText((String) value) : value != null) {
      setter.accept(value);
    }
  }
}
