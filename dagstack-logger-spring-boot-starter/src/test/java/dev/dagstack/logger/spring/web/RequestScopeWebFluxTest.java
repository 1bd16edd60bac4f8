package dev.dagstack.logger.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The WebFlux request scope and debug capture over real HTTP on a real Reactor Netty server
 * (two event-loop threads, so many requests share one): the same properties as the servlet
 * filter, the token "fx-s3cret", debug requests allowed from 127.0.0.1 only, Netty's own
 * forwarded-header handling on ({@code native}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = RequestScopeWebFluxTest.TestApplication.class,
    properties = {
      "spring.main.web-application-type=reactive",
      "spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure.reactive"
          + ".TomcatReactiveWebServerAutoConfiguration",
      "server.forward-headers-strategy=native",
      "reactor.netty.ioWorkerCount=2",
      "dagstack.logger.sinks.memory.type=in-memory",
      "dagstack.logger.sinks.memory.capacity=20000",
      "dagstack.logger.sinks.debug.type=in-memory",
      "dagstack.logger.sinks.debug.capacity=20000",
      "dagstack.logger.web.debug.token=" + RequestScopeWebFluxTest.TOKEN,
      "dagstack.logger.web.debug.sinks=debug",
      "dagstack.logger.web.debug.allowed-addresses=127.0.0.1/32",
      // The refusals here all come from loopback; throttling has tests of its own.
      "dagstack.logger.web.debug.refusal-limit=0"
    })
@DirtiesContext
class RequestScopeWebFluxTest {

  static final String TOKEN = "fx-s3cret";
  /** Every request id accepted as a debug request. */
  private static final Set<String> ACCEPTED = ConcurrentHashMap.newKeySet();

  @LocalServerPort
  int port;

  @Autowired
  WebServerApplicationContext context;

  @Autowired
  @Qualifier("dagstack.logger.sinks.memory")
  InMemorySink memory;

  @Autowired
  @Qualifier("dagstack.logger.sinks.debug")
  InMemorySink debugSink;

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Diagnostics.Capture diagnostics;

  @BeforeEach
  void captureDiagnostics() {
    Diagnostics.resetRateLimits();
    diagnostics = Diagnostics.capture();
  }

  @AfterEach
  void everyDebugRecordBelongsToAnAcceptedDebugRequest() {
    diagnostics.close();
    DebugCaptureWebTest.assertOnlyAcceptedDebugRecords(ACCEPTED, memory.records(),
        debugSink.records());
  }

  @Test
  void theServerIsReactorNetty() {
    assertThat(context.getWebServer().getClass().getSimpleName()).isEqualTo("NettyWebServer");
  }

  @Test
  void recordsCarryTheRequestScopeAcrossAThreadHop() throws Exception {
    HttpResponse<String> response = get("/hop", "X-Request-Id", "fx-hop-1");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Request-Id")).contains("fx-hop-1");
    assertThat(response.headers().firstValue("X-Dagstack-Debug-Id")).isEmpty();

    List<LogRecord> records = ofRequest(memory.records(), "fx-hop-1");
    assertThat(records).extracting(LogRecord::bodyText)
        .containsExactly("handler entered", "before hop", "slf4j after hop", "after hop");
    assertThat(records).allSatisfy(r -> assertThat(r.attributes())
        .containsEntry("http.request.method", "GET").containsEntry("url.path", "/hop"));
    LogRecord after = records.get(3);
    assertThat((String) after.attributes().get("hop.from")).contains("-http-");
    assertThat((String) after.attributes().get("hop.to")).startsWith("boundedElastic");
    // The application context's provider hopped along: static loggers there write through it.
    assertThat(after.attributes().get("hop.provider")).isEqualTo(String.valueOf(
        System.identityHashCode(context.getBean(dev.dagstack.logger.LoggerProvider.class))));
    // A generated id when none (or a malformed one) is sent.
    HttpResponse<String> generated = get("/hop", "X-Request-Id", "bad id!");
    assertThat(generated.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f]{32}");
  }

  @Test
  void anAcceptedDebugRequestIsCapturedAlone() throws Exception {
    HttpResponse<String> response = get("/hop", "X-Request-Id", "fx-debug-1", "X-Dagstack-Debug", TOKEN);
    ACCEPTED.add("fx-debug-1");
    assertThat(response.headers().firstValue("X-Dagstack-Debug-Id")).contains("fx-debug-1");
    assertThat(ofRequest(debugSink.records(), "fx-debug-1")).extracting(LogRecord::bodyText)
        .contains("hop detail", "slf4j hop detail", "after hop");
    assertThat(diagnostics.messages()).noneMatch(m -> m.contains("refused"));
  }

  @Test
  void oneDebugRequestAmongFiftyConcurrentPlainOnesIsTheOnlyOneCaptured() throws Exception {
    int plain = 50;
    Controller.gate = new Gate(plain + 1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      HttpClient concurrent = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .executor(pool).build();
      List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
      ACCEPTED.add("fx-iso-debug");
      for (int i = 0; i <= plain; i++) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/gate")).timeout(Duration.ofSeconds(30));
        if (i == plain / 2) {
          request.headers("X-Request-Id", "fx-iso-debug", "X-Dagstack-Debug", TOKEN);
        } else {
          request.header("X-Request-Id", "fx-iso-plain-" + i);
        }
        responses.add(concurrent.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> response : responses) {
        assertThat(response.get(60, TimeUnit.SECONDS).body()).isEqualTo("done");
      }
    } finally {
      Controller.gate = null;
      pool.shutdownNow();
    }

    assertThat(ofRequest(debugSink.records(), "fx-iso-debug"))
        .filteredOn(r -> r.instrumentationScope().name().equals("webflux.test"))
        .extracting(LogRecord::bodyText)
        .containsExactly("gate detail", "gate detail after the gate", "gate detail after hop",
            "gate done");
    assertThat(debugSink.records()).noneMatch(
        r -> String.valueOf(r.attributes().get("request.id")).startsWith("fx-iso-plain"));
    List<LogRecord> plainDone = memory.records().stream()
        .filter(r -> String.valueOf(r.attributes().get("request.id")).startsWith("fx-iso-plain"))
        .toList();
    assertThat(plainDone).hasSize(plain).allSatisfy(r -> assertThat(r.bodyText()).isEqualTo("gate done"));
    assertThat(plainDone).extracting(r -> r.attributes().get("request.id")).doesNotHaveDuplicates();
    // The @AfterEach check: no DEBUG record of a plain request anywhere.
  }

  @Test
  void aWrongTokenFailsClosed() throws Exception {
    HttpResponse<String> response = get("/hop", "X-Request-Id", "fx-wrong", "X-Dagstack-Debug", "guess");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Dagstack-Debug-Id")).isEmpty();
    assertThat(ofRequest(debugSink.records(), "fx-wrong")).isEmpty();
    assertThat(diagnostics.messages()).singleElement().asString()
        .contains("debug capture refused for 127.0.0.1", "wrong debug token");
  }

  @Test
  void aDisallowedPeerFailsClosedEvenWithAForgedForwardedHeader() throws Exception {
    // Netty believes the header (the application sees 127.0.0.1); the address check does not.
    String response = LoopbackHttp.getFrom("127.0.0.2", port, "/whoami",
        "X-Request-Id: fx-far", "X-Dagstack-Debug: " + TOKEN, "X-Forwarded-For: 127.0.0.1");
    assertThat(response).startsWith("HTTP/1.1 200").endsWith("127.0.0.1")
        .doesNotContainIgnoringCase("X-Dagstack-Debug-Id");
    assertThat(ofRequest(debugSink.records(), "fx-far")).isEmpty();
    assertThat(diagnostics.messages()).singleElement().asString()
        .contains("debug capture refused for 127.0.0.2", "remote address not allowed");
  }

  private static List<LogRecord> ofRequest(List<LogRecord> records, String requestId) {
    return records.stream().filter(r -> requestId.equals(r.attributes().get("request.id")))
        .filter(r -> !DebugCaptureWebTest.isRequestOperationRecord(r)).toList();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).headers(headers)
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Opens once {@code parties} requests have arrived; never blocks a thread. */
  static final class Gate {
    private final int parties;
    private final AtomicInteger arrived = new AtomicInteger();
    private final Sinks.Empty<Void> open = Sinks.empty();

    Gate(int parties) {
      this.parties = parties;
    }

    Mono<Void> arrive() {
      return Mono.defer(() -> {
        if (arrived.incrementAndGet() == parties) {
          open.tryEmitEmpty();
        }
        return open.asMono();
      });
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Controller.class)
  static class TestApplication {}

  @RestController
  static class Controller {
    static volatile Gate gate;

    private final Logger logger = Logger.get("webflux.test");

    @GetMapping("/hop")
    Mono<String> hop() {
      logger.info("handler entered");
      logger.debug("hop detail");
      // defer, not fromCallable: publishOn would run a Callable on the scheduler itself.
      return Mono.defer(() -> {
            logger.info("before hop");
            return Mono.just(Thread.currentThread().getName());
          })
          .publishOn(Schedulers.boundedElastic())
          .map(before -> {
            LoggerFactory.getLogger(Controller.class).debug("slf4j hop detail");
            LoggerFactory.getLogger(Controller.class).info("slf4j after hop");
            logger.info("after hop", Map.of("hop.from", before,
                "hop.to", Thread.currentThread().getName(),
                "hop.provider", String.valueOf(System.identityHashCode(
                    dev.dagstack.logger.LoggerProvider.current()))));
            return "done";
          });
    }

    @GetMapping("/gate")
    Mono<String> gated() {
      logger.debug("gate detail");
      Gate current = gate;
      return (current == null ? Mono.<Void>empty() : current.arrive())
          .then(Mono.fromCallable(() -> {
            logger.debug("gate detail after the gate");
            return 1;
          }))
          .publishOn(Schedulers.boundedElastic())
          .map(x -> {
            logger.debug("gate detail after hop");
            logger.info("gate done");
            return "done";
          });
    }

    @GetMapping("/whoami")
    Mono<String> whoami(ServerHttpRequest request) {
      logger.debug("whoami detail");
      return Mono.just(request.getRemoteAddress().getAddress().getHostAddress());
    }
  }
}
