package dev.dagstack.logger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.dagstack.logger.Logger;
import dev.dagstack.logger.otlp.OtlpProtocol;
import dev.dagstack.logger.otlp.OtlpSink;
import dev.dagstack.logger.sink.FileSink;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code type: otlp} sinks from properties, against a real OTLP/HTTP receiver on loopback; file sink format and rotation properties. */
class OtlpSinkPropertiesTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(DagstackLoggerAutoConfigurationTest.DAGSTACK)
      .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(
          DagstackOtlpAutoConfiguration.class))
      .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false");

  private HttpServer server;
  private final BlockingQueue<ExportLogsServiceRequest> requests = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> apiKeys = new LinkedBlockingQueue<>();

  @TempDir
  Path dir;

  @BeforeEach
  void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/logs", exchange -> {
      try (exchange) {
        requests.add(ExportLogsServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes()));
        String key = exchange.getRequestHeaders().getFirst("X-Api-Key");
        apiKeys.add(key == null ? "" : key);
        exchange.sendResponseHeaders(200, -1);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    Logger.reset();
  }

  private String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/logs";
  }

  private LogRecord received() throws InterruptedException {
    ExportLogsServiceRequest request = requests.poll(10, TimeUnit.SECONDS);
    assertThat(request).as("an export within 10 s").isNotNull();
    return request.getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
  }

  @Test
  void anOtlpSinkFromPropertiesExportsToTheReceiver() {
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "dagstack.logger.sinks.collector.endpoint=" + endpoint(),
        "dagstack.logger.sinks.collector.headers.X-Api-Key=k1",
        "dagstack.logger.sinks.collector.schedule-delay=5m",
        "dagstack.logger.sinks.collector.max-concurrent-exports=2",
        "spring.application.name=orders").run(context -> {
          assertThat(context).hasNotFailed();
          OtlpSink sink = (OtlpSink) context.getBean("dagstack.logger.sinks.collector");
          assertThat(sink.id()).isEqualTo("collector");
          Logger.get("order_service").info("placed", java.util.Map.of("order.id", "o-1"));
          assertThat(Logger.root().flush(Duration.ofSeconds(10)).success()).isTrue();
          LogRecord record = received();
          assertThat(record.getBody().getStringValue()).isEqualTo("placed");
          assertThat(record.getAttributes(0).getKey()).isEqualTo("order.id");
          assertThat(apiKeys.poll()).isEqualTo("k1");
        });
  }

  @Test
  void bootsOtlpLoggingPropertiesAndTheOtelVariablesAreTheDefaults() {
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "management.opentelemetry.logging.export.otlp.endpoint=" + endpoint(),
        "management.opentelemetry.logging.export.otlp.headers.X-Api-Key=from-boot",
        "management.opentelemetry.logging.export.max-queue-size=100",
        "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:1",
        "OTEL_EXPORTER_OTLP_COMPRESSION=gzip").run(context -> {
          assertThat(context).hasNotFailed();
          OtlpSink sink = (OtlpSink) context.getBean("dagstack.logger.sinks.collector");
          assertThat(sink.endpoint()).isEqualTo(endpoint());
          assertThat(sink.protocol()).isEqualTo(OtlpProtocol.HTTP_PROTOBUF);
        });
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "OTEL_EXPORTER_OTLP_PROTOCOL=grpc",
        "OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317").run(context ->
          // The variables chose gRPC; the starter's test classpath has no gRPC sender.
          assertThat(context).hasFailed().getFailure().rootCause()
              .hasMessageContaining("OtlpSink http://collector:4317: protocol grpc needs a gRPC sender")
              .hasMessageContaining("io.opentelemetry:opentelemetry-exporter-sender-okhttp"));
  }

  @Test
  void theConfigurationEndpointShowsWhereAnOtlpSinkSends() {
    // The endpoint from an OTEL variable, credentials in it: shown masked, with the protocol.
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "OTEL_EXPORTER_OTLP_ENDPOINT=http://user:pass@127.0.0.1:" + server.getAddress().getPort())
        .run(context -> {
          assertThat(context).hasNotFailed();
          Map<String, Object> configuration = new DagstackLoggerEndpoint(
              context.getBean(DagstackLoggerConfigurer.class), context.getEnvironment())
              .configuration();
          @SuppressWarnings("unchecked")
          Map<String, Object> sink = (Map<String, Object>) ((Map<String, Object>)
              configuration.get("sinks")).get("collector");
          assertThat(sink).containsEntry("protocol", "http/protobuf");
          assertThat(String.valueOf(sink.get("endpoint")))
              .startsWith("http://").endsWith(":" + server.getAddress().getPort() + "/v1/logs")
              .doesNotContain("pass");
        });
  }

  @Test
  void credentialsInAnEndpointPropertyAreShownNowhere() {
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "dagstack.logger.sinks.collector.endpoint=http://user:S3cretPw@127.0.0.1:"
            + server.getAddress().getPort() + "/v1/logs?api_key=QTOKEN")
        .run(context -> {
          assertThat(context).hasNotFailed();
          Map<String, Object> configuration = new DagstackLoggerEndpoint(
              context.getBean(DagstackLoggerConfigurer.class), context.getEnvironment())
              .configuration();
          assertThat(configuration.toString()).doesNotContain("S3cretPw", "QTOKEN")
              .contains("http://***@127.0.0.1:");
        });
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "dagstack.logger.sinks.collector.endpoint=http://user:S3cretPw@127.0.0.1:99999/v1/logs")
        .run(context -> {
          assertThat(context).hasFailed();
          Throwable failure = context.getStartupFailure();
          for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("S3cretPw");
          }
          assertThat(failure).rootCause().hasMessageContaining("port 99999 is out of range");
        });
    // Malformed shapes too: no scheme, an upper-case one, a fragment.
    for (String endpoint : List.of("alice:S3cretPw@127.0.0.1:4318/v1/logs?api_key=QTOKEN",
        "HTTP://alice:S3cretPw@127.0.0.1:99999/v1/logs?api_key=QTOKEN#S3cretPw")) {
      runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
          "dagstack.logger.sinks.collector.endpoint=" + endpoint).run(context -> {
            assertThat(context).hasFailed();
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
              assertThat(String.valueOf(t.getMessage())).as(endpoint)
                  .doesNotContain("S3cretPw", "QTOKEN");
            }
          });
    }
  }

  @Test
  void aBadEndpointFromBootsPropertyOrAnOtelVariableIsReportedUnderItsOwnName() {
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "management.opentelemetry.logging.export.otlp.endpoint=http://u:S3cretPw@127.0.0.1:99999/v1/logs")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageStartingWith("Invalid value 'http://***@127.0.0.1:99999/v1/logs' for"
                + " management.opentelemetry.logging.export.otlp.endpoint:")
            .hasMessageNotContaining("S3cretPw"));
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=http://127.0.0.1:99999/v1/logs")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageStartingWith("Invalid value 'http://127.0.0.1:99999/v1/logs' for"
                + " OTEL_EXPORTER_OTLP_LOGS_ENDPOINT:"));
  }

  @Test
  void grpcFromTheOtelVariableMirroredInBootsTransportNamesTheVariable() {
    // As in a running application, where Boot maps the variable onto its transport property.
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "OTEL_EXPORTER_OTLP_PROTOCOL=grpc",
        "management.opentelemetry.logging.export.otlp.transport=grpc").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL")
            .hasMessageNotContaining("management.opentelemetry.logging.export.otlp.transport"));
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "management.opentelemetry.logging.export.otlp.transport=grpc").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("management.opentelemetry.logging.export.otlp.transport"));
  }

  @Test
  void grpcWithoutAGrpcSenderNamesTheProtocolProperty() {
    // The starter's test classpath has no gRPC sender; the fix is the protocol (or a dependency).
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "dagstack.logger.sinks.collector.protocol=grpc").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("dagstack.logger.sinks.collector.protocol")
            .hasMessageContaining("grpc")
            .hasMessageNotContaining("dagstack.logger.sinks.collector.endpoint")
            .hasMessageContaining("protocol grpc needs a gRPC sender"));
  }

  @Test
  void badOtlpSettingsFailStartupNamingTheProperty() {
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "dagstack.logger.sinks.collector.protocol=http/json").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("dagstack.logger.sinks.collector.protocol")
            .hasMessageContaining("not offered by the OpenTelemetry SDK's exporters"));
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "dagstack.logger.sinks.collector.endpoint=collector:4318").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("dagstack.logger.sinks.collector.endpoint")
            .hasMessageContaining("invalid OTLP endpoint 'collector:4318'"));
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "dagstack.logger.sinks.collector.max-concurrent-exports=0").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("dagstack.logger.sinks.collector.max-concurrent-exports")
            .hasMessageContaining("maxConcurrentExports must be at least 1, got 0"));
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "dagstack.logger.sinks.collector.max-record-bytes=100B").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("dagstack.logger.sinks.collector.max-record-bytes")
            .hasMessageContaining("maxRecordBytes must be between 1024 and 67108864, got 100"));
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "dagstack.logger.sinks.collector.max-record-bytes=2MB").run(context ->
        assertThat(context).hasNotFailed());
  }

  @Test
  void withoutTheOtlpModuleTheErrorNamesTheDependency() {
    runner.withClassLoader(new FilteredClassLoader("dev.dagstack.logger.otlp"))
        .withPropertyValues("dagstack.logger.sinks.collector.type=otlp").run(context ->
            assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("dagstack.logger.sinks.collector.type")
                .hasMessageContaining("dev.dagstack:dagstack-logger-otlp"));
  }

  @Test
  void anOpenTelemetryLogbackAppenderNextToAnOtlpSinkIsReportedAsDoubleExport() {
    ch.qos.logback.classic.LoggerContext logback =
        (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender otel =
        new io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender();
    otel.setContext(logback);
    otel.setName("OTEL");
    otel.start();
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> warnings =
        new ch.qos.logback.core.read.ListAppender<>();
    warnings.setContext(logback);
    warnings.start();
    ch.qos.logback.classic.Logger checkLogger = logback.getLogger(OtlpDoubleExportCheck.class);
    root.addAppender(otel);
    checkLogger.addAppender(warnings);
    try {
      assertThat(OtlpDoubleExportCheck.otelAppenders()).containsExactly("ROOT/OTEL");
      runner.withPropertyValues("dagstack.logger.bridge.slf4j.enabled=true",
          "dagstack.logger.bridge.slf4j.replace-console=false",
          "dagstack.logger.sinks.collector.type=otlp",   "dagstack.logger.sinks.collector.endpoint=" + endpoint()).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(warnings.list).extracting(e -> e.getFormattedMessage()).singleElement()
                .asString().contains("dagstack sink 'collector' exports over OTLP")
                .contains("[ROOT/OTEL]").contains("twice");
          });
    } finally {
      root.detachAppender(otel);
      checkLogger.detachAppender(warnings);
    }
    assertThat(OtlpDoubleExportCheck.otelAppenders()).isEmpty();
  }

  @Test
  void fileSinkFormatAndRotationProperties() {
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=file",
        "dagstack.logger.sinks.collector.path=" + dir.resolve("app.jsonl"),
        "dagstack.logger.sinks.collector.format=otel-json",
        "dagstack.logger.sinks.collector.rotate-every=daily",
        "dagstack.logger.sinks.collector.zone=Europe/Berlin",
        "dagstack.logger.sinks.collector.max-age=7d",
        "dagstack.logger.sinks.collector.max-total-size=1GB",
        "dagstack.logger.sinks.collector.compress=true").run(context -> {
          assertThat(context).hasNotFailed();
          FileSink sink = context.getBean(FileSink.class);
          Logger.root().info("hello");
          assertThat(sink.flush(Duration.ofSeconds(10)).success()).isTrue();
          List<String> lines = java.nio.file.Files.readAllLines(dir.resolve("app.jsonl"));
          assertThat(lines).singleElement().asString().startsWith("{\"resourceLogs\":[");
        });
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=file",
        "dagstack.logger.sinks.collector.path=" + dir.resolve("b.jsonl"),
        "dagstack.logger.sinks.collector.rotate-every=weekly").run(context ->
        assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("dagstack.logger.sinks.collector.rotate-every")
            .hasStackTraceContaining("weekly"));
  }

  @Test
  void badHeadersABlankEndpointAndAGrpcTransportNameTheirProperty() {
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "dagstack.logger.sinks.collector.endpoint=http://127.0.0.1:1/v1/logs",
        "dagstack.logger.sinks.collector.headers.X-Key=s3cret\nInjected: 1").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("dagstack.logger.sinks.collector.headers.X-Key")
            .hasMessageContaining("a line feed")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret")));
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "management.opentelemetry.logging.export.otlp.headers.[bad name]=v").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("management.opentelemetry.logging.export.otlp.headers.bad name")
            .hasMessageContaining("HTTP token"));
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "OTEL_EXPORTER_OTLP_HEADERS=bad%20name=v").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("for OTEL_EXPORTER_OTLP_HEADERS")
            .hasMessageContaining("header 'bad name'"));
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "dagstack.logger.sinks.collector.endpoint=${COLLECTOR_URL:}").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("dagstack.logger.sinks.collector.endpoint")
            .hasMessageContaining("the endpoint is blank"));
    runner.withPropertyValues("dagstack.logger.sinks.collector.type=otlp",
        "management.opentelemetry.logging.export.otlp.transport=grpc").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("'grpc' for management.opentelemetry.logging.export.otlp.transport")
            .hasMessageContaining("io.opentelemetry:opentelemetry-exporter-sender-okhttp"));
  }
}
