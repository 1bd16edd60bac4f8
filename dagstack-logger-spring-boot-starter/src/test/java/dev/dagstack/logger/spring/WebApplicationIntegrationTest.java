package dev.dagstack.logger.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.FileSink;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.spring.tracing.MicrometerTraceContextProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A real application: Tomcat on a random port, Boot's OpenTelemetry tracing auto-configuration,
 * the Logback bridge, a file sink and an in-memory sink.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = WebApplicationIntegrationTest.TestApplication.class,
    properties = {
      "spring.application.name=web-test",
      "management.tracing.sampling.probability=1.0"
    })
// Closed after the class: its Logback bridge and logger configuration are process-wide.
@DirtiesContext
class WebApplicationIntegrationTest {

  private static final Path LOG_FILE = LogFiles.newLogFile();
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

  /** Boot binds a list from one property source, so every sink entry is given here. */
  @DynamicPropertySource
  static void sinks(DynamicPropertyRegistry registry) {
    registry.add("dagstack.logger.sinks.file.type", () -> "file");
    registry.add("dagstack.logger.sinks.file.path", LOG_FILE::toString);
    registry.add("dagstack.logger.sinks.capture.type", () -> "in-memory");
    registry.add("dagstack.logger.sinks.capture.capacity", () -> "5000");
  }

  @LocalServerPort
  int port;

  @Autowired
  InMemorySink capture;

  @Autowired
  FileSink file;

  @Autowired
  MicrometerTraceContextProvider traceContextProvider;

  @Test
  void theIncomingTraceparentReachesRecordsOfInjectedAndSlf4jLoggers() throws Exception {
    assertThat(Logger.configuration().traceContextProvider()).isSameAs(traceContextProvider);
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/hello"))
            .header("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);

    LogRecord handled = single("order_service.web", "hello handled");
    assertThat(handled.traceId()).isEqualTo(TRACE_ID);
    assertThat(handled.spanId()).isNotNull().isNotEqualTo(PARENT_SPAN_ID);
    assertThat(handled.traceFlags()).isEqualTo(1);
    assertThat(handled.instrumentationScope().version()).isEqualTo("2.0.0");
    assertThat(handled.resource().attributes()).containsEntry("service.name", "web-test");

    LogRecord bridged = single(HelloController.class.getName(), "hello via slf4j");
    assertThat(bridged.traceId()).isEqualTo(TRACE_ID);
    assertThat(bridged.spanId()).isEqualTo(handled.spanId());
  }

  @Test
  void tomcatsStartupLineArrivesInTheFileSinkAsADagstackRecord() throws Exception {
    assertThat(file.flush(Duration.ofSeconds(10)).success()).isTrue();
    List<LogRecord> records = LogFiles.records(LOG_FILE);
    assertThat(records).anySatisfy(record -> {
      assertThat(record.instrumentationScope().name())
          .isEqualTo("org.springframework.boot.tomcat.TomcatWebServer");
      assertThat(record.severityNumber()).isEqualTo(Severity.INFO);
      assertThat((String) record.body()).startsWith("Tomcat started on port " + port);
    });
  }

  private LogRecord single(String scope, String body) {
    List<LogRecord> matching = capture.records().stream()
        .filter(r -> r.instrumentationScope().name().equals(scope) && body.equals(r.body()))
        .toList();
    assertThat(matching).as("records of %s with body %s", scope, body).hasSize(1);
    return matching.get(0);
  }

  /** No component scan: the other test classes' configurations stay out of this application. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(HelloController.class)
  static class TestApplication {}

  @RestController
  static class HelloController {
    private final Logger logger;

    HelloController(@LoggerName(value = "order_service.web", version = "2.0.0") Logger logger) {
      this.logger = logger;
    }

    @GetMapping("/hello")
    String hello() {
      logger.info("hello handled");
      LoggerFactory.getLogger(HelloController.class).info("hello via slf4j");
      return "hello";
    }
  }
}
