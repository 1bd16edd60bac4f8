package dev.dagstack.logger.spring.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.viewer.ViewerApi;
import dev.dagstack.logger.viewer.ViewerBuffer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The starter's viewer against a newcomer's probes, over real HTTP: the Host check
 * ({@code allowed-hosts}), the limit on open streams, malformed and repeated query parameters,
 * HEAD, and the range of {@code capacity}.
 */
class LogViewerGuardsWebTest {

  /** Every wait on the server is bounded: a hung server fails the test instead of the build. */
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
  private final List<InputStream> streams = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (InputStream s : streams) {
      s.close();
    }
    contexts.forEach(ConfigurableApplicationContext::close);
  }

  private int start(String... properties) {
    return start(App.class, properties);
  }

  private int start(Class<?> extra, String... properties) {
    List<String> all = new ArrayList<>(List.of("server.port=0", "dagstack.logger.viewer.enabled=true",
        "management.endpoints.web.exposure.include=health,logviewer"));
    all.addAll(List.of(properties));
    ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class, extra)
        .properties(all.toArray(String[]::new)).run();
    contexts.add(context);
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  /** A GET of {@code path} on the application's port, with a timeout. */
  private static HttpRequest get(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT)
        .build();
  }

  /** The first {@code n} bytes of a streamed body, waiting at most {@link #TIMEOUT} for them. */
  private static String first(InputStream body, int n) throws Exception {
    return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return new String(body.readNBytes(n), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
  }

  /** A plain socket connected to the application's port, its connect and reads bounded. */
  private static Socket connect(int port) throws Exception {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout((int) TIMEOUT.toMillis());
    return socket;
  }

  /** A request over a plain socket, so that any Host header can be sent. */
  private static String raw(int port, String requestLine, String... headers) throws Exception {
    try (Socket socket = connect(port)) {
      StringBuilder request = new StringBuilder(requestLine).append(" HTTP/1.1\r\n");
      for (String h : headers) {
        request.append(h).append("\r\n");
      }
      request.append("Connection: close\r\n\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void onlyLoopbackHostsByDefaultAndTheRefusalNamesTheProperty() throws Exception {
    int port = start();
    String evil = raw(port, "GET /actuator/logviewer/api/counts", "Host: evil.com");
    assertThat(evil).startsWith("HTTP/1.1 403 ").contains("refused Host 'evil.com'")
        .contains("dagstack.logger.viewer.allowed-hosts [127.0.0.1, localhost, [::1]]")
        .contains("DNS rebinding").doesNotContain("\"held\"");
    ViewerApi.SECURITY_HEADERS.forEach((name, value) ->
        assertThat(evil).as(name).containsIgnoringCase(name + ": " + value));
    for (String path : List.of("/actuator/logviewer", "/actuator/logviewer/", "/actuator/logviewer/viewer.js",
        "/actuator/logviewer/api/records", "/actuator/logviewer/api/stream")) {
      assertThat(raw(port, "GET " + path, "Host: evil.com:" + port)).as(path).startsWith("HTTP/1.1 403 ");
    }
    for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:8081")) {
      assertThat(raw(port, "GET /actuator/logviewer/api/counts", "Host: " + host)).as(host)
          .startsWith("HTTP/1.1 200 ").contains("\"held\"");
    }
    assertThat(raw(port, "GET /actuator/health", "Host: evil.com")).as("other endpoints: not ours to check")
        .startsWith("HTTP/1.1 200 ");
    assertThat(raw(port, "GET /actuator/logviewer/api/counts", "Host: 127.0.0.1", "Host: evil.com"))
        .startsWith("HTTP/1.1 400 ");
    // HTTP/1.0 may leave Host out.
    try (Socket socket = connect(port)) {
      socket.getOutputStream().write("GET /actuator/logviewer/api/counts HTTP/1.0\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .startsWith("HTTP/1.1 403 ").contains("refused a request with no Host header: the log"
              + " viewer answers only the Host values").doesNotContain("'null'");
    }
  }

  @Test
  void allowedHostsNamesProxiesAndAStarTurnsTheCheckOff() throws Exception {
    int port = start("dagstack.logger.viewer.allowed-hosts=viewer.example.com,*.svc.cluster.local");
    assertThat(raw(port, "GET /actuator/logviewer/api/counts", "Host: viewer.example.com:443"))
        .startsWith("HTTP/1.1 200 ");
    assertThat(raw(port, "GET /actuator/logviewer/api/counts", "Host: app.ns.svc.cluster.local:8081"))
        .startsWith("HTTP/1.1 200 ");
    assertThat(raw(port, "GET /actuator/logviewer/api/counts", "Host: 127.0.0.1"))
        .as("the list replaces the default").startsWith("HTTP/1.1 403 ");
    int open = start("dagstack.logger.viewer.allowed-hosts=*");
    assertThat(raw(open, "GET /actuator/logviewer/api/counts", "Host: anything.example"))
        .startsWith("HTTP/1.1 200 ");
  }

  @Test
  void malformedOrRepeatedQueriesGet400JsonAndNoErrorRecord() throws Exception {
    int port = start();
    ViewerBuffer buffer = contexts.get(0).getBean(ViewerBuffer.class);
    long errorsBefore = errors(buffer);
    for (String[] q : new String[][] {
        {"api/records?%zz=1", "malformed query parameter '%zz=1'"},
        {"api/records?level=WARN&level=ERROR", "level: given more than once"},
        {"api/counts?level", "level: needs a value"}}) {
      String answer = raw(port, "GET /actuator/logviewer/" + q[0], "Host: 127.0.0.1");
      assertThat(answer).as(q[0]).startsWith("HTTP/1.1 400 ").contains("{\"error\":\"" + q[1])
          .containsIgnoringCase("Content-Type: application/json");
      ViewerApi.SECURITY_HEADERS.forEach((name, value) ->
          assertThat(answer).as(q[0] + ": " + name).containsIgnoringCase(name + ": " + value));
    }
    assertThat(errors(buffer)).as("a bad query is the client's problem, not an ERROR").isEqualTo(errorsBefore);
  }

  private static long warnings(ViewerBuffer buffer) {
    return buffer.snapshot().stream().filter(e -> e.record().severityNumber() >= Severity.WARN).count();
  }

  private static long errors(ViewerBuffer buffer) {
    return buffer.snapshot().stream().filter(e -> e.record().severityNumber() >= Severity.ERROR).count();
  }

  @Test
  void moreStreamsThanMaxStreamsGet503AndHealthStillAnswers() throws Exception {
    int port = start("dagstack.logger.viewer.max-streams=2");
    for (int i = 0; i < 2; i++) {
      HttpResponse<InputStream> stream = HTTP.send(get(port, "/actuator/logviewer/api/stream"),
          HttpResponse.BodyHandlers.ofInputStream());
      streams.add(stream.body());
      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(first(stream.body(), 11)).isEqualTo("retry: 1000");
    }
    HttpResponse<String> third = HTTP.send(get(port, "/actuator/logviewer/api/stream"),
        HttpResponse.BodyHandlers.ofString());
    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(third.body()).contains("too many open viewer streams: 2 of at most 2")
        .contains("dagstack.logger.viewer.max-streams");
    assertThat(HTTP.send(get(port, "/actuator/health"), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(200);
  }

  @Test
  void aStreamWhoseClientStoppedReadingIsCutOffAtItsSpan() throws Exception {
    int port = start(ShortStreams.class, "dagstack.logger.viewer.max-streams=2");
    ViewerBuffer buffer = contexts.get(0).getBean(ViewerBuffer.class);
    // Far more than the socket buffers hold: the server's writes block on the dead readers.
    for (int i = 0; i < 400; i++) {
      buffer.emit(LogRecord.builder().timeUnixNano(1_700_000_000_000_000_000L).severityNumber(9)
          .body(i + "-" + "x".repeat(100_000))
          .instrumentationScope(new InstrumentationScope("app", null, null)).build());
    }
    long warningsBefore = warnings(buffer);
    List<Socket> dead = new ArrayList<>();
    try {
      long started = System.nanoTime();
      for (int i = 0; i < 2; i++) {
        Socket socket = new Socket();
        dead.add(socket);
        socket.setReceiveBufferSize(1024); // before connecting: the window the server sees
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.getOutputStream().write(("GET /actuator/logviewer/api/stream?after=0 HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      awaitCounts(port, "\"open\":2,", Duration.ofSeconds(10));
      awaitCounts(port, "\"open\":0,", ShortStreams.SPAN.multipliedBy(8));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("freed about at the span")
          .isLessThan(ShortStreams.SPAN.multipliedBy(8));
      assertThat(HTTP.send(get(port, "/actuator/health"), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(200);
      HttpResponse<InputStream> fresh = HTTP.send(
          get(port, "/actuator/logviewer/api/stream?after=399"),
          HttpResponse.BodyHandlers.ofInputStream());
      streams.add(fresh.body());
      assertThat(fresh.statusCode()).as("a new page streams again").isEqualTo(200);
      assertThat(first(fresh.body(), 11)).isEqualTo("retry: 1000");
      for (Socket socket : dead) {
        assertClosedByTheServer(socket);
      }
      assertThat(warnings(buffer)).as("a cut-off stream is no warning (no error page for it)")
          .isEqualTo(warningsBefore);
    } finally {
      for (Socket socket : dead) {
        socket.close();
      }
    }
  }

  /** Reads what the server wrote until it closed the connection (EOF or reset). */
  private static void assertClosedByTheServer(Socket socket) throws Exception {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    byte[] drain = new byte[1 << 16];
    try {
      while (in.read(drain) >= 0) {
        // what was written before the connection was cut off
      }
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError("the server did not close the connection of a stalled stream", e);
    } catch (java.net.SocketException reset) {
      // cut off with a reset: closed too
    }
  }

  /** Polls {@code api/counts} until it contains {@code expected} (a deadline, no sleep). */
  private static void awaitCounts(int port, String expected, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    String counts;
    do {
      counts = HTTP.send(get(port, "/actuator/logviewer/api/counts"),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(System.nanoTime()).as("api/counts with " + expected + ", last: " + counts)
          .isLessThan(deadline);
    } while (!counts.contains(expected));
  }

  /**
   * The viewer's API with three-second streams, so that a stalled one is cut off soon. Both
   * stalled streams are open only until their cut-off (the container's async timeout, which
   * the test cannot hold back): the span leaves the check for "open":2 seconds, not a moment.
   */
  @Configuration(proxyBeanMethods = false)
  static class ShortStreams {
    static final Duration SPAN = Duration.ofSeconds(3);

    @Bean
    ViewerApi shortStreamsViewerApi(ViewerBuffer buffer) {
      return new ViewerApi(buffer, 2, SPAN);
    }
  }

  @Test
  void headOnThePageAnswersLikeGetWithoutABody() throws Exception {
    int port = start();
    String head = raw(port, "HEAD /actuator/logviewer/", "Host: 127.0.0.1");
    assertThat(head).startsWith("HTTP/1.1 200 ").containsIgnoringCase("Content-Type: text/html")
        .endsWith("\r\n\r\n");
  }

  @Test
  void aCapacityOutOfRangeFailsTheStartNamingTheRange() {
    Throwable failure = catchThrowable(() -> start("dagstack.logger.viewer.capacity=2000000000"));
    assertThat(failure).isNotNull();
    assertThat(messages(failure)).contains("dagstack.logger.viewer.capacity")
        .contains("from 1 to 1000000");
    Throwable streams = catchThrowable(() -> start("dagstack.logger.viewer.max-streams=0"));
    assertThat(streams).isNotNull();
    assertThat(messages(streams)).contains("dagstack.logger.viewer.max-streams")
        .contains("from 1 to 1000");
  }

  /** The messages of {@code failure} and its causes, one per line. */
  private static String messages(Throwable failure) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}
}
