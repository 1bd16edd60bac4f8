package dev.dagstack.logger.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.convention.EventSchemaException;
import dev.dagstack.logger.convention.Operation;
import dev.dagstack.logger.convention.OperationKind;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.spring.test.CaptureLogs;
import dev.dagstack.logger.spring.test.CapturedLogs;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Micrometer observations as operations over real HTTP (Tomcat on loopback), with Micrometer
 * Tracing on the OpenTelemetry bridge: the HTTP server request and nested observations become
 * operations on every record (SLF4J included), the closing records carry status and duration,
 * excluded observations stay out, {@code logger.operation} opens a real span, and typed events
 * read their schema from {@code dagstack.logger.events.schema-locations} in strict mode.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = OperationObservationWebTest.TestApplication.class,
    properties = {
      "server.address=127.0.0.1",
      "management.tracing.sampling.probability=1.0",
      "dagstack.logger.sinks.capture.type=in-memory",
      "dagstack.logger.events.validation=strict",
      "dagstack.logger.events.schema-locations[0]=classpath:events/",
      "dagstack.logger.operations.observations.kinds.http.server.requests=query",
      "dagstack.logger.operations.observations.exclude[0]=noisy.*"
    })
@DirtiesContext
@CaptureLogs
class OperationObservationWebTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String LOGGER = "observation.test";

  @LocalServerPort
  int port;
  @Autowired
  MeterRegistry meters;


  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void everyRecordOfARequestCarriesTheInnermostObservationAsItsOperation(CapturedLogs logs)
      throws Exception {
    assertThat(get("/work").body()).isEqualTo("done");
    logs.withBody("operation completed").withAttribute("operation.name", "http.server.requests")
        .awaitAtLeast(1);

    LogRecord handler = logs.withBody("in handler").single();
    String requestOperation = (String) handler.attributes().get("operation.id");
    assertThat(handler.attributes()).containsEntry("operation.name", "http.server.requests")
        .containsEntry("operation.kind", "query");
    LogRecord nested = logs.withBody("in lookup").single();
    assertThat(nested.attributes()).containsEntry("operation.name", "orders.lookup")
        .containsEntry("operation.kind", "hook")
        .containsEntry("operation.parent.id", requestOperation);
    LogRecord bridged = logs.withBody("lookup via slf4j").single();
    assertThat(bridged.attributes()).containsEntry("operation.id",
        nested.attributes().get("operation.id"));
    assertThat(logs.withBody("not an operation").single().attributes())
        .containsEntry("operation.id", requestOperation);
    assertThat(logs.withBody("back in handler").single().attributes())
        .containsEntry("operation.id", requestOperation);

    LogRecord closing = logs.withBody("operation completed")
        .withAttribute("operation.id", requestOperation).single();
    assertThat(closing.attributes()).containsEntry("operation.status", "ok")
        .containsKey("operation.duration_ms");
    assertThat(closing.instrumentationScope().name()).isEqualTo("http.server.requests");
    assertThat(logs.withBody("operation started").withAttribute("operation.name",
        "noisy.query")).isEmpty();
  }

  @Test
  void aFailingRequestClosesItsOperationWithStatusError(CapturedLogs logs) throws Exception {
    assertThat(get("/fail").statusCode()).isEqualTo(500);
    logs.withBody("operation failed").awaitAtLeast(1);
    String id = (String) logs.withBody("about to fail").single().attributes().get("operation.id");
    LogRecord closing = logs.withBody("operation failed").withAttribute("operation.id", id)
        .single();
    assertThat(closing.attributes()).containsEntry("operation.status", "error")
        .containsEntry("exception.type", "java.lang.IllegalStateException")
        .containsEntry("http.response.status_code", 500L).containsKey("request.id");
  }

  @Test
  void theRequestsOperationRecordsCarryTheRequestScopeTraceAndStatusCode(CapturedLogs logs)
      throws Exception {
    HttpResponse<String> response = get("/work", "traceparent",
        "00-" + TRACE_ID + "-00f067aa0ba902b7-01", "X-Request-Id", "req-ops-1");
    assertThat(response.body()).isEqualTo("done");
    logs.withBody("operation completed").withAttribute("request.id", "req-ops-1")
        .withAttribute("operation.name", "http.server.requests").awaitAtLeast(1);
    LogRecord handler = logs.withBody("in handler").withAttribute("request.id", "req-ops-1")
        .single();
    String id = (String) handler.attributes().get("operation.id");
    for (String body : new String[] {"operation started", "operation completed"}) {
      LogRecord record = logs.withBody(body).withAttribute("operation.id", id).single();
      assertThat(record.attributes()).as(body).containsEntry("request.id", "req-ops-1")
          .containsEntry("http.request.method", "GET").containsEntry("url.path", "/work");
      assertThat(record.traceId()).as(body).isEqualTo(TRACE_ID);
      assertThat(record.spanId()).as(body).isEqualTo(handler.spanId());
    }
    assertThat(logs.withBody("operation completed").withAttribute("operation.id", id).single()
        .attributes()).containsEntry("http.response.status_code", 200L)
        .containsEntry("operation.status", "ok");
  }

  @Test
  void aServerErrorWithoutAnExceptionClosesTheRequestsOperationWithStatusError(
      CapturedLogs logs) throws Exception {
    assertThat(get("/unavailable", "X-Request-Id", "req-503").statusCode()).isEqualTo(503);
    logs.withBody("operation failed").withAttribute("request.id", "req-503").awaitAtLeast(1);
    assertThat(logs.withBody("operation failed").withAttribute("request.id", "req-503")
        .single().attributes()).containsEntry("operation.status", "error")
        .containsEntry("http.response.status_code", 503L)
        .containsEntry("operation.name", "http.server.requests");
  }

  @Test
  void loggerOperationOpensAChildSpanOfTheRequest(CapturedLogs logs) throws Exception {
    get("/span", "traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
    LogRecord inside = logs.withBody("inside place_order").single();
    LogRecord handler = logs.withBody("span handler").single();
    assertThat(inside.attributes()).containsEntry("operation.name", "place_order")
        .containsEntry("operation.parent.id", handler.attributes().get("operation.id"));
    assertThat(inside.traceId()).isEqualTo(TRACE_ID).isEqualTo(handler.traceId());
    assertThat(inside.spanId()).isNotNull().isNotEqualTo(handler.spanId());
  }

  @Test
  void typedEventsUseTheConfiguredSchemasInStrictMode(CapturedLogs logs) {
    Logger logger = Logger.get(LOGGER);
    logger.emitEvent("com.example.shop", "cart_checked_out", Attrs.of("cart.id", "c-1"));
    assertThat(logs.withBody("cart_checked_out").single().attributes())
        .containsEntry("event.domain", "com.example.shop").containsEntry("event.schema_version", 1L);
    assertThatThrownBy(() -> logger.emitEvent("com.example.shop", "cart_checked_out", null))
        .isInstanceOf(EventSchemaException.class).hasMessageContaining("missing [cart.id]");
    assertThat(meters.get("dagstack.logger.events.violations").functionCounter().count())
        .isGreaterThanOrEqualTo(1.0);
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Controller.class)
  static class TestApplication {}

  @RestController
  static class Controller {
    private final ObservationRegistry observations;

    Controller(ObservationRegistry observations) {
      this.observations = observations;
    }

    @GetMapping("/work")
    String work() {
      Logger logger = Logger.get(LOGGER);
      logger.info("in handler");
      Observation.createNotStarted("orders.lookup", observations).observe(() -> {
        logger.info("in lookup");
        LoggerFactory.getLogger(LOGGER).info("lookup via slf4j");
      });
      Observation.createNotStarted("noisy.query", observations).observe(
          () -> logger.info("not an operation"));
      logger.info("back in handler");
      return "done";
    }

    @GetMapping("/fail")
    String fail() {
      Logger.get(LOGGER).info("about to fail");
      throw new IllegalStateException("boom");
    }

    @GetMapping("/unavailable")
    org.springframework.http.ResponseEntity<String> unavailable() {
      return org.springframework.http.ResponseEntity.status(503).body("later");
    }

    @GetMapping("/span")
    String span() {
      Logger logger = Logger.get(LOGGER);
      logger.info("span handler");
      try (Operation ignored = logger.operation("place_order", OperationKind.LIFECYCLE)) {
        logger.info("inside place_order");
      }
      return "ok";
    }
  }
}
