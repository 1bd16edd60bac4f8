package dev.dagstack.logger.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.spring.DagstackLoggerRefreshEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Levels on a live reload ({@link DagstackLoggerRefreshEvent}) over real HTTP: properties added
 * at run time apply to Logback and the dagstack logger alike, removed ones revert to inherited,
 * and a level set through /actuator/loggers wins until it is reset with null.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = LevelApp.class,
    properties = {
      "management.endpoints.web.exposure.include=loggers",
      "dagstack.logger.sinks.memory.type=in-memory",
      "dagstack.logger.sinks.memory.capacity=5000",
      "dagstack.logger.loggers.foo.bar=warn",
      "dagstack.logger.loggers.order_service.api=warn"
    })
@DirtiesContext
class LiveReloadLevelsWebTest {

  private static final String INLINED = "Inlined Test Properties";

  @LocalServerPort
  int port;

  @Autowired
  InMemorySink memory;

  @Autowired
  ConfigurableApplicationContext context;

  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void removeRuntimeProperties() {
    context.getEnvironment().getPropertySources().remove("ops");
    context.publishEvent(new DagstackLoggerRefreshEvent(this));
  }

  @Test
  void aLoggingLevelAddedAtRunTimeAppliesToLogbackAndTheDagstackLogger() throws Exception {
    assertThat(get("/actuator/loggers/org.springframework.web").body())
        .doesNotContain("\"configuredLevel\"");
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("ops", Map.of(
        "logging.level.org.springframework.web", "debug",
        "logging.level.com.example.levels", "debug")));
    context.publishEvent(new DagstackLoggerRefreshEvent(this));

    assertThat(get("/actuator/loggers/org.springframework.web").body())
        .contains("\"configuredLevel\":\"DEBUG\"", "\"effectiveLevel\":\"DEBUG\"");
    memory.clear();
    assertThat(get("/order").statusCode()).isEqualTo(200);
    assertThat(bodies(LevelApp.SLF4J)).contains("slf4j validating");
    assertThat(memory.records()).anyMatch(r ->
        r.instrumentationScope().name().startsWith("org.springframework.web")
            && r.severityNumber() == Severity.DEBUG);

    // Removed again: back to inherited, in Logback and in the dagstack logger.
    context.getEnvironment().getPropertySources().remove("ops");
    context.publishEvent(new DagstackLoggerRefreshEvent(this));
    assertThat(get("/actuator/loggers/org.springframework.web").body())
        .doesNotContain("\"configuredLevel\"").contains("\"effectiveLevel\":\"INFO\"");
    memory.clear();
    get("/order");
    assertThat(bodies(LevelApp.SLF4J)).containsExactly("slf4j placed");
  }

  @Test
  void aRemovedDagstackLoggerLevelRevertsToTheInheritedOne() throws Exception {
    assertThat(get("/actuator/loggers/foo.bar").body()).contains("\"configuredLevel\":\"WARN\"");
    assertThat(Logger.get("foo.bar").isEnabled(Severity.INFO)).isFalse();

    withoutInlined("dagstack.logger.loggers.foo.bar");
    context.publishEvent(new DagstackLoggerRefreshEvent(this));

    assertThat(get("/actuator/loggers/foo.bar").body())
        .doesNotContain("\"configuredLevel\"").contains("\"effectiveLevel\":\"INFO\"");
    assertThat(Logger.get("foo.bar").isEnabled(Severity.INFO)).isTrue();
    assertThat(Logger.configuration().levels()).doesNotContainKey("foo.bar");
  }

  @Test
  void anActuatorLevelWinsOverTheSamePropertyOnReloadUntilResetWithNull() throws Exception {
    assertThat(post("/actuator/loggers/" + LevelApp.API, "{\"configuredLevel\":\"DEBUG\"}")
        .statusCode()).isEqualTo(204);
    context.publishEvent(new DagstackLoggerRefreshEvent(this));

    assertThat(get("/actuator/loggers/" + LevelApp.API).body())
        .isEqualTo("{\"configuredLevel\":\"DEBUG\",\"effectiveLevel\":\"DEBUG\"}");
    memory.clear();
    get("/order");
    assertThat(bodies(LevelApp.API)).containsExactly("validating order", "order placed");

    // Reset: back to what the properties say (warn), not to inherited INFO.
    assertThat(post("/actuator/loggers/" + LevelApp.API, "{\"configuredLevel\":null}")
        .statusCode()).isEqualTo(204);
    assertThat(get("/actuator/loggers/" + LevelApp.API).body())
        .isEqualTo("{\"configuredLevel\":\"WARN\",\"effectiveLevel\":\"WARN\"}");
    memory.clear();
    get("/order");
    assertThat(bodies(LevelApp.API)).isEmpty();
    // And a reload now applies the property again.
    context.publishEvent(new DagstackLoggerRefreshEvent(this));
    assertThat(Logger.get(LevelApp.API).isEnabled(Severity.INFO)).isFalse();
  }

  /** Replaces the inlined test properties by a copy without {@code key}. */
  private void withoutInlined(String key) {
    MutablePropertySources sources = context.getEnvironment().getPropertySources();
    PropertySource<?> inlined = sources.get(INLINED);
    assertThat(inlined).isInstanceOf(EnumerablePropertySource.class);
    Map<String, Object> copy = new LinkedHashMap<>();
    for (String name : ((EnumerablePropertySource<?>) inlined).getPropertyNames()) {
      if (!name.equals(key)) {
        copy.put(name, inlined.getProperty(name));
      }
    }
    sources.replace(INLINED, new MapPropertySource(INLINED, copy));
  }

  private List<String> bodies(String logger) {
    return memory.records().stream()
        .filter(r -> r.instrumentationScope().name().equals(logger))
        .map(LogRecord::bodyText).toList();
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
