package dev.dagstack.logger.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.FileSink;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Health, meters and the configuration endpoint over real HTTP: a file sink whose folder is
 * replaced by a plain file fails to write, and /actuator/health goes DOWN.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = LevelApp.class,
    properties = {
      "management.endpoints.web.exposure.include=health,metrics,dagstacklogger",
      "management.endpoint.health.show-details=always",
      "dagstack.logger.sinks.file.type=file",
      "dagstack.logger.sinks.file.max-bytes=1KB",
      "dagstack.logger.sinks.file.keep=1",
      "dagstack.logger.web.debug.token=debug-s3cret",
      "dagstack.logger.ai-agent.body-hash-salt=pepper-s4lt"
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
  void metersAndTheConfigurationEndpointAndHealthGoingDownForAFailingSink() throws Exception {
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
            "\"dagstack.logger.ai-agent.body-hash-salt\":\"******\"")
        .doesNotContain("debug-s3cret").doesNotContain("pepper-s4lt");

    HttpResponse<String> healthy = get("/actuator/health");
    assertThat(healthy.statusCode()).isEqualTo(200);
    assertThat(json(healthy).at("/components/dagstackLogger/status").asString()).isEqualTo("UP");

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

    HttpResponse<String> down = get("/actuator/health");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(json(down).at("/components/dagstackLogger/status").asString()).isEqualTo("DOWN");
    assertThat(json(down).at("/components/dagstackLogger/details/sinks/file/status").asString())
        .isEqualTo("write_errors");
    assertThat(get("/actuator/metrics/dagstack.logger.sink.errors?tag=sink_id:file").body())
        .contains("\"statistic\":\"COUNT\"");
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
