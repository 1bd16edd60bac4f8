package dev.dagstack.logger.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.FileSink;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.spring.sink.ClashingSinkType;
import dev.dagstack.logger.spring.sink.SinkType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Health, meters and the configuration endpoint over real HTTP: a file sink whose folder is
 * replaced by a plain file fails to write, and the dagstackLogger indicator goes DEGRADED while
 * /actuator/health stays 200. Secrets in the configuration are masked however they are spelt.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = {LevelApp.class, OperabilityWebTest.Types.class},
    properties = {
      "management.endpoints.web.exposure.include=health,metrics,dagstacklogger",
      "management.endpoint.health.show-details=always",
      "dagstack.logger.sinks.file.type=file",
      "dagstack.logger.sinks.file.max-bytes=1KB",
      "dagstack.logger.sinks.file.keep=1",
      "dagstack.logger.web.debug.token=debug-s3cret",
      "dagstack.logger.ai-agent.body-hash-salt=pepper-s4lt",
      "dagstack.logger.processors[0].type=enrich",
      "dagstack.logger.processors[0].attributes.api_key=ENRICH-SECRET",
      "dagstack.logger.processors[0].attributes.deployment.region=eu-west-1",
      "dagstack.logger.resource.db_password=hunter2",
      "dagstack.logger.sinks.export.type=clashing",
      "dagstack.logger.sinks.export.mode=FAST",
      "dagstack.logger.sinks.export.headers.authorization=Bearer HEADER-SECRET",
      "dagstack.logger.sinks.export.headers.x-tenant=TENANT-HEADER",
      "dagstack.logger.sinks.anonymous.type=anonymous"
    })
@DirtiesContext
class OperabilityWebTest {

  private static final Path DIR = createDir();

  @DynamicPropertySource
  static void file(DynamicPropertyRegistry registry) {
    registry.add("dagstack.logger.sinks.file.path", () -> DIR.resolve("app.jsonl").toString());
  }

  @LocalServerPort
  int port;

  @Autowired
  FileSink file;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void metersMaskedConfigurationAndHealthDegradedNot503ForAFailingSink() throws Exception {
    assertThat(get("/order").statusCode()).isEqualTo(200);

    HttpResponse<String> emitted = get("/actuator/metrics/dagstack.logger.records.emitted"
        + "?tag=logger_name:order_service.api&tag=severity:INFO");
    assertThat(emitted.statusCode()).isEqualTo(200);
    assertThat(emitted.body()).contains("\"statistic\":\"COUNT\"");
    assertThat(get("/actuator/metrics/dagstack.logger.buffer.depth?tag=sink_id:file").statusCode())
        .isEqualTo(200);

    HttpResponse<String> config = get("/actuator/dagstacklogger");
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(config.body()).contains("\"file\":{\"type\":\"FileSink\"", "\"bufferDepth\":",
            "\"dagstack.logger.web.debug.token\":\"******\"", "\"level\":\"INFO\"",
            "\"dagstack.logger.ai-agent.body-hash-salt\":\"******\"", "eu-west-1")
        .doesNotContain("debug-s3cret", "pepper-s4lt", "ENRICH-SECRET", "hunter2", "HEADER-SECRET", "TENANT-HEADER");
    JsonNode properties = json(config).get("properties");
    assertThat(properties.toString()).contains("\"******\"");
    assertThat(json(config).at("/resource/db_password").asString()).isEqualTo("******");
    assertThat(json(config).get("processors").toString()).isEqualTo("[\"enrich\",\"debug_token_mask\"]");
    // An anonymous sink class is shown by its full name, not "".
    assertThat(json(config).at("/sinks/anonymous/type").asString())
        .isEqualTo(Types.ANONYMOUS.getClass().getName());

    // The resource of every record is redacted on the way to the sinks (the core's redaction).
    file.flush(Duration.ofSeconds(5));
    String lines = Files.readString(DIR.resolve("app.jsonl"));
    assertThat(lines).contains("\"db_password\":\"***\"").doesNotContain("hunter2");

    HttpResponse<String> healthy = get("/actuator/health");
    assertThat(healthy.statusCode()).isEqualTo(200);
    assertThat(json(healthy).at("/components/dagstackLogger/status").asString()).isEqualTo("UP");
    assertThat(json(healthy).at("/components/dagstackLogger/details/sinks/anonymous/type").asString())
        .isEqualTo(Types.ANONYMOUS.getClass().getName());

    // The folder is replaced by a plain file: the next rotation cannot reopen the log file.
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path each : files.toList()) {
        Files.delete(each);
      }
    }
    Files.delete(DIR);
    Files.writeString(DIR, "not a folder");
    Logger logger = Logger.get("operability");
    for (int i = 0; i < 100 && file.droppedCount(DropReason.WRITE_ERROR) < 15; i++) {
      logger.info("filler record number " + i + " to pass the rotation size of one kilobyte");
      file.flush(Duration.ofSeconds(5));
    }
    assertThat(file.droppedCount(DropReason.WRITE_ERROR)).isGreaterThanOrEqualTo(15);

    // A logging problem does not take the instance out of a load balancer by default.
    HttpResponse<String> degraded = get("/actuator/health");
    assertThat(degraded.statusCode()).isEqualTo(200);
    assertThat(json(degraded).at("/status").asString()).isEqualTo("UP");
    assertThat(json(degraded).at("/components/dagstackLogger/status").asString()).isEqualTo("DEGRADED");
    assertThat(json(degraded).at("/components/dagstackLogger/details/sinks/file/status").asString())
        .isEqualTo("write_errors");
    assertThat(get("/actuator/health/dagstackLogger").statusCode()).isEqualTo(200);
    assertThat(get("/actuator/metrics/dagstack.logger.sink.errors?tag=sink_id:file").body())
        .contains("\"statistic\":\"COUNT\"");
  }

  /** A custom type with settings named like built-in ones, and one whose sink is anonymous. */
  @Configuration(proxyBeanMethods = false)
  static class Types {
    static final Sink ANONYMOUS = new Sink() {
      @Override
      public String id() {
        return "anonymous";
      }

      @Override
      public void emit(LogRecord record) {}

      @Override
      public FlushResult flush(Duration timeout) {
        return FlushResult.ok();
      }

      @Override
      public void close() {}

      @Override
      public boolean supportsSeverity(int severityNumber) {
        return true;
      }
    };

    /** A sink type without settings. */
    public static class NoSettings {}

    @Bean
    ClashingSinkType clashingSinkType() {
      return new ClashingSinkType();
    }

    @Bean
    SinkType<NoSettings> anonymousSinkType() {
      return new SinkType<>() {
        @Override
        public String name() {
          return "anonymous";
        }

        @Override
        public Class<NoSettings> settingsType() {
          return NoSettings.class;
        }

        @Override
        public Class<? extends Sink> sinkClass() {
          return Sink.class;
        }

        @Override
        public Sink create(String id, NoSettings settings) {
          return ANONYMOUS;
        }
      };
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    return JsonMapper.builder().build().readTree(response.body());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Path createDir() {
    try {
      return Files.createTempDirectory("dagstack-operability").resolve("logs");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
