package dev.dagstack.logger.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.FileSink;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.spring.LogFiles;
import dev.dagstack.logger.spring.autoconfigure.DagstackLoggingSystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One level model over real HTTP: /actuator/loggers on real Tomcat lists dagstack names, reports
 * the applied level, and a POST changes dagstack and SLF4J records in both directions at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = LevelApp.class,
    properties = {
      "management.endpoints.web.exposure.include=loggers,health,dagstacklogger",
      "management.endpoint.health.show-details=always",
      "dagstack.logger.sinks.memory.type=in-memory",
      "dagstack.logger.sinks.memory.capacity=20000",
      "dagstack.logger.sinks.file.type=file",
      "dagstack.logger.loggers.com.example.levels.quiet=warn"
    })
@DirtiesContext
class LevelModelWebTest {

  private static final Path LOG_FILE = LogFiles.newLogFile();

  @DynamicPropertySource
  static void file(DynamicPropertyRegistry registry) {
    registry.add("dagstack.logger.sinks.file.path", LOG_FILE::toString);
  }

  @LocalServerPort
  int port;

  @Autowired
  InMemorySink memory;

  @Autowired
  FileSink file;

  @Autowired
  LoggingSystem loggingSystem;

  @Autowired
  dev.dagstack.logger.LoggerProvider provider;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void resetLevels() throws Exception {
    post("/actuator/loggers/" + LevelApp.API, "{\"configuredLevel\":null}");
    post("/actuator/loggers/" + LevelApp.SLF4J, "{\"configuredLevel\":null}");
    memory.clear();
  }

  @Test
  void bootsLoggingSystemIsTheDagstackOne() {
    assertThat(loggingSystem).isInstanceOf(DagstackLoggingSystem.class);
  }

  @Test
  void theEndpointListsDagstackLoggersWithTheAppliedLevel() throws Exception {
    HttpResponse<String> all = get("/actuator/loggers");
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.body()).contains("\"" + LevelApp.API + "\":{\"effectiveLevel\":\"INFO\"}");

    HttpResponse<String> one = get("/actuator/loggers/" + LevelApp.API);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.body()).isEqualTo("{\"effectiveLevel\":\"INFO\"}");
    // dagstack.logger.loggers.* is applied through the logging system: Logback and GET agree.
    assertThat(get("/actuator/loggers/com.example.levels.quiet").body())
        .contains("\"configuredLevel\":\"WARN\"", "\"effectiveLevel\":\"WARN\"");
  }

  @Test
  void aNameOnlyThisContextsProviderKnowsIsListedToo() throws Exception {
    // The context's own provider (loggers injected or got from the bean), not the global one.
    provider.get("com.example.levels.context_only").info("made here");
    HttpResponse<String> one = get("/actuator/loggers/com.example.levels.context_only");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.body()).isEqualTo("{\"effectiveLevel\":\"INFO\"}");
    assertThat(get("/actuator/loggers").body())
        .contains("\"com.example.levels.context_only\":{\"effectiveLevel\":\"INFO\"}");
  }

  @Test
  void aLevelPostedToADagstackLoggerChangesItsRecordsBothWays() throws Exception {
    order();
    assertThat(bodies(LevelApp.API)).containsExactly("order placed");

    assertThat(post("/actuator/loggers/" + LevelApp.API, "{\"configuredLevel\":\"DEBUG\"}")
        .statusCode()).isEqualTo(204);
    assertThat(get("/actuator/loggers/" + LevelApp.API).body())
        .isEqualTo("{\"configuredLevel\":\"DEBUG\",\"effectiveLevel\":\"DEBUG\"}");
    memory.clear();
    order();
    assertThat(bodies(LevelApp.API)).containsExactly("validating order", "order placed");

    post("/actuator/loggers/" + LevelApp.API, "{\"configuredLevel\":\"ERROR\"}");
    memory.clear();
    order();
    assertThat(bodies(LevelApp.API)).isEmpty();

    post("/actuator/loggers/" + LevelApp.API, "{\"configuredLevel\":null}");
    assertThat(get("/actuator/loggers/" + LevelApp.API).body()).isEqualTo("{\"effectiveLevel\":\"INFO\"}");
    memory.clear();
    order();
    assertThat(bodies(LevelApp.API)).containsExactly("order placed");
  }

  @Test
  void aLevelPostedToAnSlf4jLoggerChangesItsRecordsBothWays() throws Exception {
    post("/actuator/loggers/" + LevelApp.SLF4J, "{\"configuredLevel\":\"DEBUG\"}");
    order();
    assertThat(bodies(LevelApp.SLF4J)).containsExactly("slf4j validating", "slf4j placed");

    post("/actuator/loggers/" + LevelApp.SLF4J, "{\"configuredLevel\":\"ERROR\"}");
    memory.clear();
    order();
    assertThat(bodies(LevelApp.SLF4J)).isEmpty();
    assertThat(get("/actuator/loggers/" + LevelApp.SLF4J).body())
        .isEqualTo("{\"configuredLevel\":\"ERROR\",\"effectiveLevel\":\"ERROR\"}");
  }

  @Test
  void mdcEntriesBecomeMaskedAttributes() throws Exception {
    order();
    LogRecord placed = records(LevelApp.SLF4J).get(0);
    assertThat(placed.attributes()).containsEntry("tenant.id", "t-1")
        .containsEntry("session_token", "***")
        .containsKey("thread.name");
  }

  @Test
  void startupLinesAndPostConstructLinesReachTheFileSink() throws Exception {
    assertThat(file.flush(Duration.ofSeconds(10)).success()).isTrue();
    List<LogRecord> lines = LogFiles.records(LOG_FILE);
    // SpringApplication's first line, logged before the context (and the sinks) existed.
    assertThat(lines).anyMatch(r -> r.bodyText().startsWith("Starting ") && r.bodyText().contains(" using Java "));
    assertThat(lines).anyMatch(r -> r.bodyText().equals("lifecycle bean started"));
    assertThat(lines).anyMatch(r -> r.bodyText().startsWith("Tomcat started on port"));
  }

  private void order() throws Exception {
    assertThat(get("/order").statusCode()).isEqualTo(200);
  }

  private List<String> bodies(String logger) {
    return records(logger).stream().map(LogRecord::bodyText).toList();
  }

  private List<LogRecord> records(String logger) {
    return memory.records().stream()
        .filter(r -> r.instrumentationScope().name().equals(logger)).toList();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
