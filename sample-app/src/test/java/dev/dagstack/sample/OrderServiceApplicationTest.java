package dev.dagstack.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Severity;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.wire.JsonLinesEncoder;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The order service as it ships (its own application.yaml), on Tomcat at a random port, driven
 * over real HTTP. The file sinks write into a temporary folder; an extra {@link InMemorySink}
 * bean sees every record. Each request carries its own {@code traceparent}, so the records of
 * one request are told apart by trace_id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(OrderServiceApplicationTest.CaptureConfiguration.class)
// The logger configuration and the Logback bridge are process-wide: close them after the class.
@DirtiesContext
class OrderServiceApplicationTest {

  private static final String CARD_TOKEN = "tok_4111111111111111_do_not_log";
  private static final String CARD_CVV = "cvv-9731";

  @TempDir
  static Path logDir;

  @DynamicPropertySource
  static void logDirectory(DynamicPropertyRegistry registry) {
    registry.add("order-service.log-dir", logDir::toString);
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class CaptureConfiguration {
    /** An application-defined Sink bean: attached to the root logger next to the configured ones. */
    @Bean
    InMemorySink capture() {
      return new InMemorySink("test-capture", 10_000, Severity.TRACE);
    }
  }

  @LocalServerPort
  int port;

  @Autowired
  InMemorySink capture;

  @Autowired
  List<Sink> sinks;

  @Autowired
  JsonMapper json;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void clearCapture() {
    capture.clear();
  }

  @Test
  void placedOrderIsLoggedWithMaskedPaymentDataAndCanBeFetched() throws Exception {
    String traceId = newTraceId();
    HttpResponse<String> placed = post(traceId, """
        {"item": "book", "quantity": 2, "card_token": "%s", "card_cvv": "%s"}
        """.formatted(CARD_TOKEN, CARD_CVV));

    assertThat(placed.statusCode()).isEqualTo(201);
    String id = json.readTree(placed.body()).get("id").asString();
    assertThat(placed.headers().firstValue("Location"))
        .hasValue("http://localhost:" + port + "/orders/" + id);

    LogRecord record = single(traceId, "order_service.api", "order placed");
    assertThat(record.severityNumber()).isEqualTo(Severity.INFO);
    assertThat(record.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "order.id", id,
        "order.item", "book",
        "order.quantity", 2L,
        "payment.card_token", "***",
        "payment.card_cvv", "***"));
    assertThat(record.resource().attributes())
        .containsEntry("service.name", "order-service")
        .containsEntry("service.version", "0.1.0");

    HttpResponse<String> fetched = get(newTraceId(), "/orders/" + id);
    assertThat(fetched.statusCode()).isEqualTo(200);
    JsonNode order = json.readTree(fetched.body());
    assertThat(order.get("id").asString()).isEqualTo(id);
    assertThat(order.get("item").asString()).isEqualTo("book");
    assertThat(order.get("quantity").asInt()).isEqualTo(2);
    assertThat(fetched.body()).doesNotContain(CARD_TOKEN);
  }

  @Test
  void theCardTokenReachesNoSinkAndNoFile() throws Exception {
    assertThat(post(newTraceId(), """
        {"item": "pen", "quantity": 1, "card_token": "%s", "card_cvv": "%s"}
        """.formatted(CARD_TOKEN, CARD_CVV)).statusCode()).isEqualTo(201);
    assertThat(post(newTraceId(), """
        {"item": "pen", "quantity": 0, "card_token": "%s"}
        """.formatted(CARD_TOKEN)).statusCode()).isEqualTo(400);

    assertThat(capture.records()).isNotEmpty().allSatisfy(record ->
        assertThat(JsonLinesEncoder.encode(record)).doesNotContain(CARD_TOKEN, CARD_CVV));

    flushAll();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(logDir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).extracting(Path::getFileName).extracting(Path::toString)
        .contains("order-service.jsonl");
    for (Path file : files) {
      String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(raw).as("bytes of %s", file).doesNotContain(CARD_TOKEN, CARD_CVV);
    }
    String appLog = Files.readString(logDir.resolve("order-service.jsonl"));
    assertThat(appLog).contains("\"body\":\"order placed\"", "\"payment.card_token\":\"***\"");
  }

  @Test
  void recordsOfARequestCarryItsIncomingTraceId() throws Exception {
    String traceId = newTraceId();
    assertThat(post(traceId, """
        {"item": "lamp", "quantity": 3, "card_token": "tok_1"}
        """).statusCode()).isEqualTo(201);

    LogRecord record = single(traceId, "order_service.api", "order placed");
    assertThat(record.traceId()).isEqualTo(traceId);
    assertThat(record.spanId()).isNotNull();
    assertThat(record.traceFlags()).isEqualTo(1);
  }

  @Test
  void unknownOrderIs404WithAWarning() throws Exception {
    String traceId = newTraceId();
    HttpResponse<String> response = get(traceId, "/orders/ord-404");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json.readTree(response.body()).get("detail").asString())
        .isEqualTo("no order with id ord-404");
    LogRecord warning = single(traceId, "order_service.api", "order not found");
    assertThat(warning.severityNumber()).isEqualTo(Severity.WARN);
    assertThat(warning.attributes()).containsEntry("order.id", "ord-404");
  }

  @Test
  void invalidOrdersAre400WithTheRuleAndAnExceptionRecord() throws Exception {
    assertInvalid("""
        {"item": "book", "quantity": 0, "card_token": "tok_1"}
        """, "quantity", "quantity must be at least 1, was 0");
    assertInvalid("""
        {"quantity": 1, "card_token": "tok_1"}
        """, "item", "item is required");
    assertInvalid("""
        {"item": "book", "card_token": "tok_1"}
        """, "quantity", "quantity is required");
    assertInvalid("""
        {"item": "book", "quantity": 1}
        """, "card_token", "card_token is required");
  }

  @Test
  void malformedJsonIs400() throws Exception {
    HttpResponse<String> broken = post(newTraceId(), "{\"item\": \"book\",");
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(json.readTree(broken.body()).get("detail").asString())
        .isEqualTo("request body is not valid JSON for an order");

    String traceId = newTraceId();
    HttpResponse<String> wrongType = post(traceId, """
        {"item": "book", "quantity": "two", "card_token": "tok_1"}
        """);
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(json.readTree(wrongType.body()).get("detail").asString())
        .isEqualTo("field quantity has the wrong type");
    assertThat(single(traceId, "order_service.api", "unreadable order request").attributes())
        .containsEntry("http.problem", "field quantity has the wrong type");
  }

  @Test
  void validationDebugRecordIsNotWrittenForAnOrdinaryRequest() throws Exception {
    String traceId = newTraceId();
    assertThat(post(traceId, """
        {"item": "book", "quantity": 1, "card_token": "tok_1"}
        """).statusCode()).isEqualTo(201);

    assertThat(recordsOf(traceId)).extracting(LogRecord::body)
        .contains("order placed").doesNotContain("validating order");
  }

  @Test
  void indexPageListsTheEndpoints() throws Exception {
    HttpResponse<String> page = get(newTraceId(), "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).contains("POST /orders", "GET /orders/{id}", "/actuator/health");
  }

  private void assertInvalid(String body, String field, String detail) throws Exception {
    String traceId = newTraceId();
    HttpResponse<String> response = post(traceId, body);

    assertThat(response.statusCode()).as(body).isEqualTo(400);
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("detail").asString()).isEqualTo(detail);
    assertThat(problem.get("field").asString()).isEqualTo(field);
    LogRecord error = single(traceId, "order_service.api", detail);
    assertThat(error.severityNumber()).isEqualTo(Severity.ERROR);
    assertThat(error.attributes())
        .containsEntry("exception.type", InvalidOrderException.class.getName())
        .containsEntry("exception.message", detail)
        .containsEntry("order.field", field)
        .containsKey("exception.stacktrace");
  }

  private HttpResponse<String> post(String traceId, String body)
      throws IOException, InterruptedException {
    return http.send(request(traceId, "/orders")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String traceId, String path)
      throws IOException, InterruptedException {
    return http.send(request(traceId, path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String traceId, String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
        .timeout(Duration.ofSeconds(10));
  }

  private List<LogRecord> recordsOf(String traceId) {
    return capture.records().stream().filter(r -> traceId.equals(r.traceId())).toList();
  }

  private LogRecord single(String traceId, String scope, String body) {
    List<LogRecord> matching = recordsOf(traceId).stream()
        .filter(r -> r.instrumentationScope().name().equals(scope) && body.equals(r.body()))
        .toList();
    assertThat(matching).as("records of %s with body %s", scope, body).hasSize(1);
    return matching.get(0);
  }

  private void flushAll() {
    for (Sink sink : sinks) {
      assertThat(sink.flush(Duration.ofSeconds(10)).success()).as("flush %s", sink.id()).isTrue();
    }
  }

  private static String newTraceId() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
