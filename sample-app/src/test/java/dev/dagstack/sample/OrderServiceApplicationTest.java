package dev.dagstack.sample;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.BasicSequenceNumberGenerator;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.spring.test.CaptureLogs;
import dev.dagstack.logger.spring.test.CapturedLogs;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import dev.dagstack.logger.wire.JsonLinesParser;
import dev.dagstack.logger.wire.WireFormatException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The order service as it ships (its own application.yaml), on Tomcat at a random port, driven
 * over real HTTP. The file sinks write into a temporary folder; {@link CaptureLogs} hands each
 * test the records emitted during it. Each request sends its own {@code X-Request-Id}, so the
 * records of one request are found by their {@code request.id} attribute.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // What DAGSTACK_DEBUG_TOKEN would give in production.
    properties = {
      "dagstack.logger.web.debug.token=" + OrderServiceApplicationTest.DEBUG_TOKEN,
      // A typed event that drifts from its schema fails the request instead of a report.
      "dagstack.logger.events.validation=strict"
    })
@CaptureLogs
// The logger configuration and the Logback bridge are process-wide: close them after the class.
@DirtiesContext
class OrderServiceApplicationTest {

  static final String DEBUG_TOKEN = "test-debug-token-8c1f";

  private static final String API = "order_service.api";
  private static final String CARD_TOKEN = "tok_4111111111111111_do_not_log";
  private static final String CARD_CVV = "cvv-9731";

  @TempDir
  static Path logDir;

  @DynamicPropertySource
  static void logDirectory(DynamicPropertyRegistry registry) {
    registry.add("order-service.log-dir", logDir::toString);
  }

  @LocalServerPort
  int port;

  @Autowired
  List<Sink> sinks;

  @Autowired
  JsonMapper json;

  @Autowired
  MeterRegistry meters;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void placedOrderIsLoggedWithMaskedPaymentDataAndCanBeFetched(CapturedLogs logs)
      throws Exception {
    String requestId = newId();
    HttpResponse<String> placed = send(post(requestId, """
        {"item": "book", "quantity": 2, "card_token": "%s", "card_cvv": "%s"}
        """.formatted(CARD_TOKEN, CARD_CVV)));

    assertThat(placed.statusCode()).isEqualTo(201);
    String id = json.readTree(placed.body()).get("id").asString();
    assertThat(placed.headers().firstValue("Location"))
        .hasValue("http://localhost:" + port + "/orders/" + id);

    LogRecord record = logs.fromLogger(API).withBody("order placed").single();
    assertThat(record.severityNumber()).isEqualTo(Severity.INFO);
    assertThat(record.attributes()).containsAllEntriesOf(Map.of(
        "order.id", id,
        "order.item", "book",
        "order.quantity", 2L,
        "payment.card_token", "***",
        "payment.card_cvv", "***",
        "request.id", requestId,
        "http.request.method", "POST",
        "url.path", "/orders"));
    assertThat(record.resource().attributes())
        .containsEntry("service.name", "order-service")
        .containsEntry("service.version", "0.1.0");

    HttpResponse<String> fetched = send(get(newId(), "/orders/" + id));
    assertThat(fetched.statusCode()).isEqualTo(200);
    JsonNode order = json.readTree(fetched.body());
    assertThat(order.get("id").asString()).isEqualTo(id);
    assertThat(order.get("item").asString()).isEqualTo("book");
    assertThat(order.get("quantity").asInt()).isEqualTo(2);
    assertThat(fetched.body()).doesNotContain(CARD_TOKEN);
  }

  @Test
  void slf4jLinesAreWrittenWithoutLogbackEventsAndMicrometerStillCountsThem(CapturedLogs logs) {
    // The app has the actuator, whose Micrometer turbo filter comes after the bridge's; every
    // LoggingEvent Logback makes asks its sequence-number generator once.
    LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    AtomicLong events = new AtomicLong();
    FunctionCounter warnings = meters.get("logback.events").tag("level", "warn").functionCounter();
    double before = warnings.count();
    logback.setSequenceNumberGenerator(new BasicSequenceNumberGenerator() {
      @Override
      public long nextSequenceNumber() {
        return events.incrementAndGet();
      }
    });
    try {
      org.slf4j.Logger slf4j = LoggerFactory.getLogger("dev.dagstack.sample.BridgeCheck");
      for (int i = 0; i < 10; i++) {
        slf4j.warn("bridged {}", i);
      }
    } finally {
      logback.setSequenceNumberGenerator(null);
    }
    assertThat(logs.fromLogger("dev.dagstack.sample.BridgeCheck").bodies())
        .containsExactly("bridged 0", "bridged 1", "bridged 2", "bridged 3", "bridged 4",
            "bridged 5", "bridged 6", "bridged 7", "bridged 8", "bridged 9");
    assertThat(events).hasValue(0);
    assertThat(warnings.count() - before).isGreaterThanOrEqualTo(10);
  }

  @Test
  void theAssistantAnswers503NamingWhatToSetWhenNoModelIsConfigured() throws Exception {
    HttpResponse<String> response = send(request(newId(), "/assistant")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"question\": \"hi\"}")));
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json.readTree(response.body()).get("detail").asString())
        .contains("spring.ai.model.chat=openai", "spring.ai.openai.base-url", "OPENAI_API_KEY");
  }

  @Test
  void theCardTokenReachesNoSinkAndNoFile(CapturedLogs logs) throws Exception {
    String order = """
        {"item": "pen", "quantity": 1, "card_token": "%s", "card_cvv": "%s"}
        """.formatted(CARD_TOKEN, CARD_CVV);
    assertThat(send(post(newId(), order)).statusCode()).isEqualTo(201);
    assertThat(send(post(newId(), order).header("X-Dagstack-Debug", DEBUG_TOKEN)).statusCode())
        .isEqualTo(201);
    assertThat(send(post(newId(), """
        {"item": "pen", "quantity": 0, "card_token": "%s"}
        """.formatted(CARD_TOKEN))).statusCode()).isEqualTo(400);

    assertThat(logs.withBody("order placed")).hasSize(2);
    assertThat(logs.withSeverity(Severity.DEBUG)).isNotEmpty();
    assertThat(logs).allSatisfy(record ->
        assertThat(JsonLinesEncoder.encode(record)).doesNotContain(CARD_TOKEN, CARD_CVV));

    flushAll();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(logDir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).extracting(file -> file.getFileName().toString())
        .contains("order-service.jsonl", "debug.jsonl");
    for (Path file : files) {
      String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(raw).as("bytes of %s", file).doesNotContain(CARD_TOKEN, CARD_CVV);
    }
    assertThat(Files.readString(logDir.resolve("order-service.jsonl")))
        .contains("\"body\":\"order placed\"", "\"payment.card_token\":\"***\"");
  }

  @Test
  void secretsInTheMessageTextOfDebugRequestsReachNoSinkAndNoFile(CapturedLogs logs)
      throws Exception {
    // Spring's DEBUG lines quote what a debug request sent: the import's JSON body as it was
    // read, and the query string. The redaction patterns of application.yaml mask both.
    String plainToken = "card-" + newId(); // not in the tok_ format
    String password = "pw-" + newId();
    String apiToken = "at-" + newId();
    String importId = newId();
    assertThat(send(request(importId, "/orders/import")
        .header("Content-Type", "application/json")
        .header("X-Dagstack-Debug", DEBUG_TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString("""
            [{"item": "x", "quantity": 1, "card_token": "%s", "card_cvv": "%s"},
             {"item": "y", "quantity": 1, "card_token": "%s", "card_cvv": "%s"}]
            """.formatted(plainToken, CARD_CVV, CARD_TOKEN, CARD_CVV)))).statusCode())
        .isEqualTo(200);
    String queryId = newId();
    // Names in another case match too (the patterns ignore case).
    String upperCvv = "cv-" + newId();
    String upperPassword = "PW-" + newId();
    assertThat(send(request(newId(), "/orders/import?Password=" + upperPassword)
        .header("Content-Type", "application/json")
        .header("X-Dagstack-Debug", DEBUG_TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(
            "[{\"item\": \"z\", \"quantity\": 1, \"CARD_CVV\": \"" + upperCvv + "\"}]")))
        .statusCode()).isLessThan(500);
    assertThat(send(request(queryId, "/orders?password=" + password + "&api_token=" + apiToken
        + "&page=2")
        .header("Content-Type", "application/json")
        .header("X-Dagstack-Debug", DEBUG_TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"item": "pen", "quantity": 1, "card_token": "%s", "card_cvv": "%s"}
            """.formatted(CARD_TOKEN, CARD_CVV)))).statusCode()).isEqualTo(201);

    // The lines that quoted the secrets are still logged, with the values masked.
    assertThat(logs.withAttribute("request.id", importId).withSeverity(Severity.DEBUG).bodies())
        .anySatisfy(body -> assertThat(body).startsWith("Read ")
            .contains("\"card_token\":\"***\",\"card_cvv\":\"***\""));
    assertThat(logs.withAttribute("request.id", queryId).withSeverity(Severity.DEBUG).bodies())
        .anySatisfy(body -> assertThat(body).contains("?password=***&api_token=***&page=2"));
    String[] secrets = {CARD_TOKEN, CARD_CVV, plainToken, password, apiToken, upperCvv,
        upperPassword};
    assertThat(logs).allSatisfy(record -> {
      String line = JsonLinesEncoder.encode(record);
      assertThat(line).doesNotContain(secrets);
      assertThat(record.bodyText()).doesNotContainPattern("cvv\"\\s*:\\s*(?!\"\\*\\*\\*\")");
    });

    flushAll();
    try (Stream<Path> walk = Files.walk(logDir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(raw).as("bytes of %s", file).doesNotContain(secrets);
      }
    }
    assertThat(bodiesInFile("debug.jsonl", importId)).anySatisfy(body ->
        assertThat(body).contains("\"card_cvv\":\"***\""));
  }

  @Test
  void recordsOfARequestCarryItsIncomingTraceId(CapturedLogs logs) throws Exception {
    String traceId = newId();
    assertThat(send(post(newId(), """
        {"item": "lamp", "quantity": 3, "card_token": "tok_1"}
        """).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")).statusCode())
        .isEqualTo(201);

    LogRecord record = logs.fromLogger(API).withBody("order placed").single();
    assertThat(record.traceId()).isEqualTo(traceId);
    assertThat(record.spanId()).isNotNull().isNotEqualTo("00f067aa0ba902b7");
    assertThat(record.traceFlags()).isEqualTo(1);
  }

  @Test
  void aDebugRequestWithTheTokenIsLoggedAtDebugIntoTheDebugFile(CapturedLogs logs)
      throws Exception {
    String requestId = newId();
    HttpResponse<String> response = send(post(requestId, """
        {"item": "book", "quantity": 1, "card_token": "tok_1"}
        """).header("X-Dagstack-Debug", DEBUG_TOKEN));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("X-Dagstack-Debug-Id")).hasValue(requestId);
    LogRecord validating = logs.withBody("validating order").single();
    assertThat(validating.severityNumber()).isEqualTo(Severity.DEBUG);
    assertThat(validating.instrumentationScope().name()).isEqualTo(OrderService.class.getName());
    assertThat(validating.attributes())
        .containsEntry("request.id", requestId)
        .containsEntry("order.item", "book")
        .containsEntry("order.quantity", 1L);

    flushAll();
    assertThat(bodiesInFile("debug.jsonl", requestId))
        .contains("validating order", "order placed");
    // The application file keeps its min-severity (info): the request's INFO only.
    assertThat(bodiesInFile("order-service.jsonl", requestId))
        .contains("order placed").doesNotContain("validating order");
  }

  @Test
  void aWrongDebugTokenCapturesNothingExtra(CapturedLogs logs) throws Exception {
    String requestId = newId();
    HttpResponse<String> response = send(post(requestId, """
        {"item": "book", "quantity": 1, "card_token": "tok_1"}
        """).header("X-Dagstack-Debug", "not-the-token"));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("X-Dagstack-Debug-Id")).isEmpty();
    // The request's own operation (http.server.requests) brackets the order's records.
    logs.withAttribute("request.id", requestId).withAttribute("operation.name",
        "http.server.requests").withBody("operation completed").awaitAtLeast(1);
    assertThat(logs.withAttribute("request.id", requestId).bodies()).containsExactly(
        "operation started", "operation started", "order_placed", "order placed",
        "operation completed", "operation completed");
    assertThat(logs.matching(record -> record.severityNumber() < Severity.INFO)).isEmpty();

    flushAll();
    assertThat(bodiesInFile("debug.jsonl", requestId)).isEmpty();
    assertThat(bodiesInFile("order-service.jsonl", requestId)).containsExactly(
        "operation started", "operation started", "order_placed", "order placed",
        "operation completed", "operation completed");
  }

  @Test
  void anOrdinaryRequestWritesNoDebugRecord(CapturedLogs logs) throws Exception {
    assertThat(send(post(newId(), """
        {"item": "book", "quantity": 1, "card_token": "tok_1"}
        """)).statusCode()).isEqualTo(201);

    assertThat(logs.bodies()).contains("order placed").doesNotContain("validating order");
  }

  @Test
  void unknownOrderIs404WithAWarning(CapturedLogs logs) throws Exception {
    HttpResponse<String> response = send(get(newId(), "/orders/ord-404"));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json.readTree(response.body()).get("detail").asString())
        .isEqualTo("no order with id ord-404");
    LogRecord warning = logs.fromLogger(API).withBody("order not found").single();
    assertThat(warning.severityNumber()).isEqualTo(Severity.WARN);
    assertThat(warning.attributes()).containsEntry("order.id", "ord-404");
  }

  @Test
  void invalidOrdersAre400WithTheRuleAndAnExceptionRecord(CapturedLogs logs) throws Exception {
    assertInvalid(logs, """
        {"item": "book", "quantity": 0, "card_token": "tok_1"}
        """, "quantity", "quantity must be at least 1, was 0");
    assertInvalid(logs, """
        {"quantity": 1, "card_token": "tok_1"}
        """, "item", "item is required");
    assertInvalid(logs, """
        {"item": "book", "card_token": "tok_1"}
        """, "quantity", "quantity is required");
    assertInvalid(logs, """
        {"item": "book", "quantity": 1}
        """, "card_token", "card_token is required");
  }

  @Test
  void theCustomRecentErrorsSinkTypeFromApplicationYamlKeepsErrors() throws Exception {
    assertThat(send(post(newId(), """
        {"item": "book", "quantity": 0, "card_token": "tok_1"}
        """)).statusCode()).isEqualTo(400);
    HttpResponse<String> recent = send(get(newId(), "/errors/recent"));
    assertThat(recent.statusCode()).isEqualTo(200);
    JsonNode errors = json.readTree(recent.body());
    assertThat(errors.isArray()).isTrue();
    assertThat(errors.valueStream().map(e -> e.get("logger").asString())).contains(API);
    assertThat(errors.valueStream().map(e -> e.get("body").asString()))
        .anyMatch(body -> body.contains("quantity must be at least 1"));
  }

  @Test
  void malformedJsonIs400(CapturedLogs logs) throws Exception {
    HttpResponse<String> broken = send(post(newId(), "{\"item\": \"book\","));
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(json.readTree(broken.body()).get("detail").asString())
        .isEqualTo("request body is not valid JSON for an order");

    String requestId = newId();
    HttpResponse<String> wrongType = send(post(requestId, """
        {"item": "book", "quantity": "two", "card_token": "tok_1"}
        """));
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(json.readTree(wrongType.body()).get("detail").asString())
        .isEqualTo("field quantity has the wrong type");
    assertThat(logs.withAttribute("request.id", requestId).withBody("unreadable order request")
        .single().attributes())
        .containsEntry("http.problem", "field quantity has the wrong type");
  }

  @Test
  void everyRecordOfAnOrderCarriesThePlaceOrderOperation(CapturedLogs logs) throws Exception {
    String requestId = newId();
    assertThat(send(post(requestId, """
        {"item": "book", "quantity": 2, "card_token": "tok_1"}
        """)).statusCode()).isEqualTo(201);

    // The request's own operation (http.server.requests) carries the request id too.
    CapturedLogs request = logs.withAttribute("request.id", requestId)
        .withAttribute("operation.name", "place_order");
    String operationId = (String) request.withBody("operation started").single().attributes()
        .get("operation.id");
    assertThat(request).hasSize(4).allSatisfy(record -> assertThat(record.attributes())
        .containsEntry("operation.name", "place_order")
        .containsEntry("operation.id", operationId)
        .containsEntry("operation.kind", "lifecycle")
        .containsKey("operation.parent.id"));
    LogRecord closing = request.withBody("operation completed").single();
    assertThat(closing.attributes()).containsEntry("operation.status", "ok")
        .containsKey("operation.duration_ms");
    assertThat(closing.attributes().get("operation.duration_ms")).isInstanceOf(Long.class);
    LogRecord event = request.withBody("order_placed").single();
    assertThat(event.severityNumber()).isEqualTo(Severity.INFO);
    assertThat(event.attributes()).containsEntry("event.domain", "dev.dagstack.sample")
        .containsEntry("event.name", "order_placed").containsEntry("event.schema_version", 1L)
        .containsEntry("order.item", "book").containsEntry("order.quantity", 2L);
    // The enclosing operation is the HTTP request's observation.
    String parent = (String) closing.attributes().get("operation.parent.id");
    logs.withBody("operation completed").withAttribute("operation.id", parent).awaitAtLeast(1);
    assertThat(logs.withAttribute("operation.id", parent).withBody("operation completed").single()
        .attributes()).containsEntry("operation.name", "http.server.requests");
  }

  @Test
  void aRejectedOrderClosesItsOperationWithStatusError(CapturedLogs logs) throws Exception {
    String requestId = newId();
    assertThat(send(post(requestId, """
        {"item": "book", "quantity": 0, "card_token": "tok_1"}
        """)).statusCode()).isEqualTo(400);

    LogRecord closing = logs.withAttribute("request.id", requestId)
        .withBody("operation failed").single();
    assertThat(closing.severityNumber()).isEqualTo(Severity.ERROR);
    assertThat(closing.attributes()).containsEntry("operation.name", "place_order")
        .containsEntry("operation.status", "error")
        .containsEntry("exception.type", InvalidOrderException.class.getName())
        .containsEntry("exception.message", "quantity must be at least 1, was 0")
        .containsKey("operation.duration_ms");
    assertThat(logs.withAttribute("request.id", requestId).withBody("order_placed")).isEmpty();
    // The stack trace is written once: on the exception record, not again on the closing one.
    assertThat(logs.withAttribute("request.id", requestId).records().stream()
        .filter(r -> r.attributes().containsKey("exception.stacktrace")).toList())
        .singleElement().satisfies(r -> assertThat(r.attributes())
            .doesNotContainKey("operation.status"));
    // A client error (400) is not a failure of the request's own operation.
    logs.withAttribute("request.id", requestId).withAttribute("operation.name",
        "http.server.requests").withBody("operation completed").awaitAtLeast(1);
    assertThat(logs.withAttribute("request.id", requestId).withAttribute("operation.name",
        "http.server.requests").withBody("operation completed").single().attributes())
        .containsEntry("http.response.status_code", 400L).containsEntry("operation.status", "ok");
  }

  @Test
  void importPlacesEachOrderInsideImportOrdersAndReportsProgress(CapturedLogs logs)
      throws Exception {
    String requestId = newId();
    // With the debug header the request is logged down to DEBUG: progress ticks included.
    HttpResponse<String> response = send(request(requestId, "/orders/import")
        .header("Content-Type", "application/json")
        .header("X-Dagstack-Debug", DEBUG_TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString("""
            [{"item": "book", "quantity": 1, "card_token": "tok_1"},
             {"item": "pen", "quantity": 0, "card_token": "tok_1"},
             {"item": "lamp", "quantity": 3, "card_token": "tok_1"},
             {"item": "mug", "quantity": "two", "card_token": "tok_1"},
             42]
            """)));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode result = json.readTree(response.body());
    assertThat(result.get("imported").asInt()).isEqualTo(2);
    assertThat(result.get("rejected").asInt()).isEqualTo(3);
    JsonNode errors = result.get("errors");
    assertThat(errors.get(0).get("index").asInt()).isEqualTo(1);
    assertThat(errors.get(0).get("field").asString()).isEqualTo("quantity");
    assertThat(errors.get(0).get("detail").asString())
        .isEqualTo("quantity must be at least 1, was 0");
    assertThat(errors.get(1).get("index").asInt()).isEqualTo(3);
    assertThat(errors.get(1).get("detail").asString())
        .isEqualTo("field quantity has the wrong type");
    assertThat(errors.get(2).get("index").asInt()).isEqualTo(4);

    CapturedLogs request = logs.withAttribute("request.id", requestId);
    LogRecord completed = request.withBody("operation completed")
        .withAttribute("operation.name", "import_orders").single();
    String importId = (String) completed.attributes().get("operation.id");
    assertThat(completed.attributes()).containsEntry("operation.kind", "admin")
        .containsEntry("operation.status", "ok").containsEntry("progress.current", 5L)
        .containsEntry("progress.total", 5L).containsEntry("progress.unit", "items");
    assertThat(request.withBody("order_placed").withAttribute("operation.parent.id", importId))
        .hasSize(2);
    assertThat(request.withBody("operation failed").withAttribute("operation.name", "place_order")
        .withAttribute("operation.parent.id", importId)).hasSize(1);
    assertThat(request.withBody("import entry rejected").withAttribute("operation.id", importId)
        .records()).extracting(r -> r.attributes().get("http.problem"))
        .containsExactly("field quantity has the wrong type", "the entry is not an order object");
    List<LogRecord> ticks = request.withAttribute("event.name", "tick").records();
    assertThat(ticks).isNotEmpty().allSatisfy(tick -> assertThat(tick.attributes())
        .containsEntry("operation.id", importId).containsEntry("progress.total", 5L));
    // progress.rate appears only once the samples span a second; this import is quicker.
    assertThat(ticks.get(0).attributes()).containsEntry("progress.current", 1L);
    // Each item's own operation records are DEBUG inside an import; its failure stays ERROR.
    CapturedLogs items = request.withAttribute("operation.name", "place_order");
    assertThat(items.withBody("operation started")).hasSize(3)
        .allSatisfy(r -> assertThat(r.severityNumber()).isEqualTo(Severity.DEBUG));
    assertThat(items.withBody("operation completed")).hasSize(2)
        .allSatisfy(r -> assertThat(r.severityNumber()).isEqualTo(Severity.DEBUG));
    assertThat(items.withBody("operation failed").single().severityNumber())
        .isEqualTo(Severity.ERROR);
    // The last tick before completion is never lost to the rate limit.
    assertThat(ticks.get(ticks.size() - 1).attributes()).containsEntry("progress.current", 5L);
    assertThat(request.withBody("orders imported").single().attributes())
        .containsEntry("import.imported", 2L).containsEntry("import.rejected", 3L)
        .containsEntry("operation.id", importId);
  }

  @Test
  void anImportThatIsNotAnArrayIs400AndLoggedAsAWarning(CapturedLogs logs) throws Exception {
    for (String body : new String[] {"{\"item\": \"book\"}", "null", "42"}) {
      String requestId = newId();
      HttpResponse<String> response = send(request(requestId, "/orders/import")
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)));
      assertThat(response.statusCode()).as(body).isEqualTo(400);
      if (!body.equals("null")) {
        assertThat(json.readTree(response.body()).get("detail").asString())
            .isEqualTo("the body must be a JSON array of orders");
      }
      assertThat(logs.withAttribute("request.id", requestId).withSeverity(Severity.WARN)
          .records()).as(body).singleElement().satisfies(r -> assertThat(r.body())
              .isIn("unreadable import request", "unreadable order request"));
    }
  }

  @Test
  void anUnquotedCardTokenInAMalformedBodyReachesNoSink(CapturedLogs logs) throws Exception {
    // The JSON library's error quotes the token it could not read, and Spring logs that message;
    // the body pattern of the redaction processor (application.yaml) masks it.
    String token = "tok_live_4242";
    String body = "{\"item\":\"book\",\"quantity\":1,\"card_token\":" + token + "}";
    String plain = newId();
    String debug = newId();
    assertThat(send(post(plain, body)).statusCode()).isEqualTo(400);
    assertThat(send(post(debug, body).header("X-Dagstack-Debug", DEBUG_TOKEN)).statusCode())
        .isEqualTo(400);

    assertThat(logs.withAttribute("request.id", plain).withBody("unreadable order request")
        .single()).isNotNull();
    // The message that carried the token is still logged, with the token masked.
    assertThat(logs).anySatisfy(record ->
        assertThat(JsonLinesEncoder.encode(record)).contains("tok_***"));
    assertThat(logs.withAttribute("request.id", debug).withSeverity(Severity.DEBUG)).isNotEmpty();
    assertThat(logs).allSatisfy(record ->
        assertThat(JsonLinesEncoder.encode(record)).doesNotContain(token));

    flushAll();
    try (Stream<Path> walk = Files.walk(logDir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(raw).as("bytes of %s", file).doesNotContain(token);
      }
    }
  }

  @Test
  void theLoggersHealthShowsEverySink() throws Exception {
    HttpResponse<String> health = send(get(newId(), "/actuator/health/dagstackLogger"));
    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode answer = json.readTree(health.body());
    assertThat(answer.get("status").asString()).isEqualTo("UP");
    assertThat(answer.toString()).contains("\"console\"", "\"app-file\"", "\"debug-file\"");
  }

  @Test
  void indexPageListsTheEndpoints() throws Exception {
    HttpResponse<String> page = send(get(newId(), "/"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).contains("POST /orders", "POST /orders/import", "GET /orders/{id}",
        "/actuator/health");
  }

  private void assertInvalid(CapturedLogs logs, String body, String field, String detail)
      throws Exception {
    String requestId = newId();
    HttpResponse<String> response = send(post(requestId, body));

    assertThat(response.statusCode()).as(body).isEqualTo(400);
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("detail").asString()).isEqualTo(detail);
    assertThat(problem.get("field").asString()).isEqualTo(field);
    LogRecord error = logs.withAttribute("request.id", requestId).withBody(detail).single();
    assertThat(error.instrumentationScope().name()).isEqualTo(API);
    assertThat(error.severityNumber()).isEqualTo(Severity.ERROR);
    assertThat(error.attributes())
        .containsEntry("exception.type", InvalidOrderException.class.getName())
        .containsEntry("exception.message", detail)
        .containsEntry("order.field", field)
        .containsKey("exception.stacktrace");
  }

  private HttpRequest.Builder post(String requestId, String body) {
    return request(requestId, "/orders")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpRequest.Builder get(String requestId, String path) {
    return request(requestId, path).GET();
  }

  private HttpRequest.Builder request(String requestId, String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("X-Request-Id", requestId)
        .timeout(Duration.ofSeconds(10));
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The bodies of the records of request {@code requestId} in log file {@code name}. */
  private List<String> bodiesInFile(String name, String requestId) throws IOException {
    Path file = logDir.resolve(name);
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream()
        .map(OrderServiceApplicationTest::parse)
        .filter(record -> requestId.equals(record.attributes().get("request.id")))
        .map(LogRecord::bodyText)
        .toList();
  }

  private void flushAll() {
    for (Sink sink : sinks) {
      assertThat(sink.flush(Duration.ofSeconds(10)).success()).as("flush %s", sink.id()).isTrue();
    }
  }

  private static LogRecord parse(String line) {
    try {
      return JsonLinesParser.parse(line);
    } catch (WireFormatException e) {
      throw new AssertionError("not a dagstack record: " + line, e);
    }
  }

  /** 32 hex digits: a request id, or a trace id. */
  private static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
