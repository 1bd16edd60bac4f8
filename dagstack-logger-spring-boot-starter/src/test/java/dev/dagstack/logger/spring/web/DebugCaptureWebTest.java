package dev.dagstack.logger.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.FileSink;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.spring.LogFiles;
import dev.dagstack.logger.spring.autoconfigure.DagstackLoggerConfigurer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
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
 * Debug capture over real HTTP: a file sink and an in-memory sink at the root (INFO), an
 * in-memory sink "debug" that only debug requests reach, the token "s3cret", and debug requests
 * allowed from 127.0.0.1 and ::1 only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = DebugCaptureWebTest.TestApplication.class)
@DirtiesContext
class DebugCaptureWebTest {

  private static final Path LOG_FILE = LogFiles.newLogFile();
  private static final String TOKEN = "s3cret";
  /** Every request id that was accepted as a debug request. */
  private static final Set<String> ACCEPTED = ConcurrentHashMap.newKeySet();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("dagstack.logger.sinks.file.type", () -> "file");
    registry.add("dagstack.logger.sinks.file.path", LOG_FILE::toString);
    registry.add("dagstack.logger.sinks.root-memory.type", () -> "in-memory");
    registry.add("dagstack.logger.sinks.root-memory.capacity", () -> "20000");
    registry.add("dagstack.logger.sinks.debug.type", () -> "in-memory");
    registry.add("dagstack.logger.sinks.debug.capacity", () -> "20000");
    registry.add("dagstack.logger.web.debug.token", () -> TOKEN);
    registry.add("dagstack.logger.web.debug.sinks", () -> "debug");
    registry.add("dagstack.logger.web.debug.allowed-addresses", () -> "127.0.0.1/32, ::1/128");
    // The flood test sends 20 wrong tokens from 127.0.0.1; throttling has tests of its own.
    registry.add("dagstack.logger.web.debug.refusal-limit", () -> "0");
  }

  @LocalServerPort
  int port;

  @Autowired
  @Qualifier("dagstack.logger.sinks.root-memory")
  InMemorySink rootMemory;

  @Autowired
  @Qualifier("dagstack.logger.sinks.debug")
  InMemorySink debugSink;

  @Autowired
  FileSink file;

  @Autowired
  DagstackLoggerConfigurer configurer;

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Diagnostics.Capture diagnostics;

  @BeforeEach
  void captureDiagnostics() {
    Diagnostics.resetRateLimits();
    diagnostics = Diagnostics.capture();
  }

  @AfterEach
  void everyDebugRecordAnywhereBelongsToAnAcceptedDebugRequest() throws Exception {
    diagnostics.close();
    assertThat(file.flush(Duration.ofSeconds(10)).success()).isTrue();
    List<LogRecord> everywhere = new ArrayList<>(rootMemory.records());
    everywhere.addAll(LogFiles.records(LOG_FILE));
    assertOnlyAcceptedDebugRecords(ACCEPTED, everywhere, debugSink.records());
  }

  /**
   * The check after each test of both web stacks: every record below INFO in the root sinks and
   * every record of the debug sink belongs to an accepted debug request. Not vacuous: before any
   * request was accepted there must be none, after one there must be some.
   */
  static void assertOnlyAcceptedDebugRecords(Set<String> accepted, List<LogRecord> rootRecords,
      List<LogRecord> debugRecords) {
    List<LogRecord> belowInfo =
        rootRecords.stream().filter(r -> r.severityNumber() < Severity.INFO).toList();
    if (accepted.isEmpty()) {
      assertThat(belowInfo).as("records below INFO, no debug request accepted yet").isEmpty();
      assertThat(debugRecords).as("debug-sink records, no debug request accepted yet").isEmpty();
      return;
    }
    assertThat(belowInfo).as("records below INFO of the accepted debug requests").isNotEmpty()
        .allSatisfy(r -> assertThat(accepted).contains((String) r.attributes().get("request.id")));
    assertThat(debugRecords).as("debug-sink records of the accepted debug requests").isNotEmpty()
        .allSatisfy(r -> assertThat(accepted).contains((String) r.attributes().get("request.id")));
  }

  @Test
  void theDebugSinkIsNotARootSink() {
    assertThat(configurer.debugSinks()).containsExactly(debugSink);
    assertThat(configurer.sinks()).doesNotContain(debugSink).contains(rootMemory, file);
  }

  @Test
  void anAcceptedDebugRequestIsLoggedDownToDebugAndIntoTheDebugSinks() throws Exception {
    HttpResponse<String> response = get("/work", "X-Request-Id", "debug-ok-1", "X-Dagstack-Debug", TOKEN);
    ACCEPTED.add("debug-ok-1");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Dagstack-Debug-Id")).contains("debug-ok-1");

    List<LogRecord> captured = ofRequest(debugSink.records(), "debug-ok-1");
    assertThat(captured).extracting(LogRecord::bodyText)
        .contains("dagstack detail", "slf4j detail", "work done");
    assertThat(captured).filteredOn(r -> r.bodyText().equals("slf4j detail"))
        .singleElement().satisfies(r -> {
          assertThat(r.severityNumber()).isEqualTo(Severity.DEBUG);
          assertThat(r.instrumentationScope().name()).isEqualTo(Controller.class.getName());
        });
    // The root sinks get the debug request's DEBUG records too (their own levels permitting).
    assertThat(ofRequest(rootMemory.records(), "debug-ok-1")).extracting(LogRecord::bodyText)
        .contains("dagstack detail", "slf4j detail");
    assertThat(diagnostics.messages()).noneMatch(m -> m.contains("refused"));
  }

  @Test
  void aWrongTokenIsServedNormallyCapturesNothingAndIsReportedWithTheAddress() throws Exception {
    HttpResponse<String> response = get("/work", "X-Request-Id", "wrong-1", "X-Dagstack-Debug", "guess");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("done");
    assertThat(response.headers().firstValue("X-Dagstack-Debug-Id")).isEmpty();
    assertThat(ofRequest(debugSink.records(), "wrong-1")).isEmpty();
    assertThat(ofRequest(rootMemory.records(), "wrong-1")).extracting(LogRecord::bodyText)
        .containsExactly("work done");
    assertThat(diagnostics.records()).singleElement().satisfies(r -> {
      assertThat(r.severityNumber()).isEqualTo(Severity.WARN);
      assertThat(r.bodyText()).contains("debug capture refused for 127.0.0.1", "wrong debug token");
      assertThat(r.attributes().get("client.address")).isEqualTo("127.0.0.1");
    });
  }

  @Test
  void refusalsAreRateLimitedSoTheyCannotFloodTheDiagnosticChannel() throws Exception {
    for (int i = 0; i < 20; i++) {
      get("/work", "X-Request-Id", "flood-" + i, "X-Dagstack-Debug", "guess-" + i);
    }
    assertThat(diagnostics.messages()).hasSize(1);

    // Issue 11, case 6: the 19 held back are not lost; the next flush summarises them.
    Logger.root().flush(Duration.ofSeconds(10));
    assertThat(diagnostics.records()).hasSize(2);
    LogRecord summary = diagnostics.records().get(1);
    assertThat(summary.bodyText()).contains("debug capture refused", "summary");
    assertThat(summary.attributes().get("dagstack.suppressed_count")).isEqualTo(19L);
    long first = (Long) diagnostics.records().get(0).attributes().get("dagstack.debug.refused_total");
    assertThat(summary.attributes().get("dagstack.debug.refused_total")).isEqualTo(first + 19);
  }

  @Test
  void theRightTokenFromADisallowedAddressIsRefused() throws Exception {
    String response = LoopbackHttp.getFrom("127.0.0.2", port, "/work", "X-Request-Id: far-1", "X-Dagstack-Debug: " + TOKEN);
    assertThat(response).startsWith("HTTP/1.1 200").containsIgnoringCase("X-Request-Id: far-1")
        .doesNotContainIgnoringCase("X-Dagstack-Debug-Id");
    assertThat(ofRequest(debugSink.records(), "far-1")).isEmpty();
    assertThat(diagnostics.messages()).singleElement().asString()
        .contains("debug capture refused for 127.0.0.2", "remote address not allowed");
  }

  @Test
  void oneDebugRequestAmongFiftyConcurrentPlainOnesIsTheOnlyOneCaptured() throws Exception {
    int plain = 50;
    Controller.latch = new CountDownLatch(plain + 1);
    ExecutorService pool = Executors.newFixedThreadPool(plain + 1);
    try {
      HttpClient concurrent = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .executor(pool).build();
      List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
      ACCEPTED.add("iso-debug");
      for (int i = 0; i <= plain; i++) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/work"))
            .timeout(Duration.ofSeconds(30));
        if (i == plain / 2) {
          request.headers("X-Request-Id", "iso-debug", "X-Dagstack-Debug", TOKEN);
        } else {
          request.header("X-Request-Id", "iso-plain-" + i);
        }
        responses.add(concurrent.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> response : responses) {
        assertThat(response.get(60, TimeUnit.SECONDS).body()).isEqualTo("done");
      }
    } finally {
      Controller.latch = null;
      pool.shutdownNow();
    }
    assertThat(Controller.overlapped).as("all requests were in the controller at once").isTrue();

    assertThat(debugSink.records()).filteredOn(r -> "iso-debug".equals(r.attributes().get("request.id")))
        .extracting(LogRecord::bodyText)
        .contains("dagstack detail", "slf4j detail", "work done");
    assertThat(debugSink.records()).noneMatch(
        r -> String.valueOf(r.attributes().get("request.id")).startsWith("iso-plain"));
    assertThat(rootMemory.records()).filteredOn(
        r -> String.valueOf(r.attributes().get("request.id")).startsWith("iso-plain")
            && !isRequestOperationRecord(r))
        .hasSize(plain)
        .allSatisfy(r -> assertThat(r.bodyText()).isEqualTo("work done"));
    // The @AfterEach check covers the file sink and the root in-memory sink.
  }

  private static List<LogRecord> ofRequest(List<LogRecord> records, String requestId) {
    return records.stream().filter(r -> requestId.equals(r.attributes().get("request.id")))
        .filter(r -> !isRequestOperationRecord(r)).toList();
  }

  /** The request's own operation records (http.server.requests started/completed). */
  static boolean isRequestOperationRecord(LogRecord record) {
    return "progress".equals(record.attributes().get("event.domain"))
        && "http.server.requests".equals(record.attributes().get("operation.name"));
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).headers(headers)
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Controller.class)
  static class TestApplication {}

  @RestController
  static class Controller {
    static volatile CountDownLatch latch;
    static volatile boolean overlapped;

    private final Logger logger = Logger.get("debug.test");

    @GetMapping("/work")
    String work() throws InterruptedException {
      logger.debug("dagstack detail");
      LoggerFactory.getLogger(Controller.class).debug("slf4j detail");
      CountDownLatch all = latch;
      if (all != null) {
        all.countDown();
        overlapped = all.await(30, TimeUnit.SECONDS);
        logger.debug("dagstack detail after the latch");
      }
      logger.info("work done");
      return "done";
    }
  }
}
