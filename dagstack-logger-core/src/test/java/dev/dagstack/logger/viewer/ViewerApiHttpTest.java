package dev.dagstack.logger.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The viewer's JSON API over real HTTP, served by the CLI host on a followed file. */
class ViewerApiHttpTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final Pattern BODY = Pattern.compile("\"body\":\"([^\"]*)\"");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  static Path dir;
  static Path file;
  static ViewerBuffer buffer;
  static ViewerServer server;
  static FileFollower follower;

  @BeforeAll
  static void start() throws Exception {
    file = dir.resolve("app.jsonl");
    List<String> lines = new ArrayList<>();
    lines.add(line(9, "orders.api", "placed order", Map.of("request.id", "req-1",
        "operation.id", "op-1", "operation.name", "place_order")));
    lines.add(line(17, "orders.db", "insert failed", Map.of("request.id", "req-2",
        "exception.stacktrace", "java.lang.IllegalStateException\n\tat X.y(X.java:1)")));
    lines.add(line(5, "payments", "charging card", Map.of("payment.amount_text", "needle-in-attrs")));
    lines.add(line(13, "orders.api.slow", "slow query", Map.of("operation.id", "op-2",
        "operation.parent.id", "op-1", "operation.name", "load_rows", "event.domain", "progress",
        "event.name", "tick", "progress.current", 3L, "progress.total", 10L)));
    lines.add(traced());
    lines.add("not json at all");
    Files.writeString(file, String.join("\n", lines) + "\n");
    buffer = new ViewerBuffer(100);
    server = ViewerServer.start(new ViewerApi(buffer), 0);
    follower = FileFollower.start(List.of(file), buffer, new java.io.PrintStream(
        java.io.OutputStream.nullOutputStream()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (buffer.lastSeq() < 5) {
      assertThat(System.nanoTime()).as("file read into the buffer").isLessThan(deadline);
      buffer.awaitAfter(buffer.lastSeq(), Duration.ofMillis(200));
    }
  }

  private static String traced() {
    return JsonLinesEncoder.encode(LogRecord.builder().timeUnixNano(1_700_000_000_000_000_000L)
        .severityNumber(9).body("traced")
        .instrumentationScope(new InstrumentationScope("tracing", null, null))
        .traceId(TRACE).spanId("b7ad6b7169203331").build());
  }

  private static String line(int severity, String logger, String body, Map<String, ?> attrs) {
    return JsonLinesEncoder.encode(LogRecord.builder().timeUnixNano(1_700_000_000_000_000_000L)
        .severityNumber(severity).body(body).attributes(attrs)
        .instrumentationScope(new InstrumentationScope(logger, null, null)).build());
  }

  @AfterAll
  static void stop() {
    follower.close();
    server.close();
  }

  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> bodies(String query) throws Exception {
    HttpResponse<String> response = get("api/records" + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> bodies = new ArrayList<>();
    Matcher m = BODY.matcher(response.body());
    while (m.find()) {
      bodies.add(m.group(1));
    }
    return bodies;
  }

  @Test
  void bindsToLoopbackAndServesThePage() throws Exception {
    assertThat(server.url()).startsWith("http://127.0.0.1:");
    HttpResponse<String> page = get("");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("<title>dagstack log viewer</title>")
        .contains("<script src=\"viewer.js\" defer></script>")
        .contains("<link rel=\"stylesheet\" href=\"viewer.css\">");
    HttpResponse<String> script = get("viewer.js");
    assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(script.body()).contains("new EventSource").doesNotContain("innerHTML");
    assertThat(get("viewer.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
  }

  @Test
  void thePageHasNoInlineScriptOrStyleSoTheCspNeedsNoUnsafeInline() throws Exception {
    String page = get("").body();
    assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("<style")
        .doesNotContainPattern("\\son[a-z]+=").doesNotContainPattern("\\sstyle=");
    assertThat(ViewerApi.SECURITY_HEADERS.get("Content-Security-Policy"))
        .contains("default-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe");
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() throws Exception {
    for (String path : List.of("", "index.html", "viewer.js", "viewer.css", "api/records",
        "api/operations", "api/counts", "api/records?level=loud", "api/nothing", "api/stream?level=nope")) {
      HttpResponse<String> response = get(path);
      ViewerApi.SECURITY_HEADERS.forEach((name, value) ->
          assertThat(response.headers().firstValue(name)).as(path + ": " + name).hasValue(value));
    }
    HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(
        URI.create(server.url() + "api/stream")).build(), HttpResponse.BodyHandlers.ofInputStream());
    stream.body().close();
    ViewerApi.SECURITY_HEADERS.forEach((name, value) ->
        assertThat(stream.headers().firstValue(name)).as("stream: " + name).hasValue(value));
    assertThat(stream.headers().firstValue("Cache-Control")).hasValue("no-store");
    String refused = raw("evil.example:" + server.port());
    ViewerApi.SECURITY_HEADERS.forEach((name, value) ->
        assertThat(refused).as("refused: " + name).containsIgnoringCase(name + ": " + value));
  }

  @Test
  void onlyLoopbackHostNamesAreAnsweredAgainstDnsRebinding() throws Exception {
    int port = server.port();
    String rebound = raw("evil.example:" + port);
    assertThat(rebound).startsWith("HTTP/1.1 403 ")
        .contains("refused Host 'evil.example:" + port + "'").contains("DNS rebinding")
        .contains("open http://127.0.0.1:" + port + "/").doesNotContain("placed order");
    assertThat(raw("evil.example")).startsWith("HTTP/1.1 403 ");
    assertThat(raw("127.0.0.1:" + (port == 65535 ? 1 : port + 1))).as("another port").startsWith("HTTP/1.1 403 ");
    assertThat(raw("127.0.0.1.evil.example:" + port)).startsWith("HTTP/1.1 403 ");
    assertThat(raw("localhost:" + port + "@evil.example")).startsWith("HTTP/1.1 403 ");
    assertThat(raw(null)).as("no Host header").startsWith("HTTP/1.1 403 ");
    for (String host : List.of("127.0.0.1:" + port, "127.0.0.1", "localhost:" + port, "LocalHost",
        "[::1]:" + port, "[::1]")) {
      assertThat(raw(host)).as(host).startsWith("HTTP/1.1 200 ").contains("placed order");
    }
  }

  /** A GET of api/records over a plain socket, with a Host header the HTTP client would not forge. */
  private static String raw(String host) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      String request = "GET /api/records HTTP/1.1\r\n" + (host == null ? "" : "Host: " + host + "\r\n")
          + "Connection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void withoutFiltersAllGoodLinesOldestFirst() throws Exception {
    assertThat(bodies("")).containsExactly("placed order", "insert failed", "charging card",
        "slow query", "traced");
  }

  @Test
  void eachFilterNarrows() throws Exception {
    assertThat(bodies("?level=warn")).containsExactly("insert failed", "slow query");
    assertThat(bodies("?level=17")).containsExactly("insert failed");
    assertThat(bodies("?logger=orders.api")).containsExactly("placed order", "slow query");
    assertThat(bodies("?request_id=req-2")).containsExactly("insert failed");
    assertThat(bodies("?operation=op-2")).containsExactly("slow query");
    assertThat(bodies("?operation=place_order")).containsExactly("placed order");
    assertThat(bodies("?trace_id=" + TRACE.toUpperCase())).containsExactly("traced");
    assertThat(bodies("?q=NEEDLE")).containsExactly("charging card");
    assertThat(bodies("?q=charging")).containsExactly("charging card");
    assertThat(bodies("?logger=orders&level=INFO&request_id=req-1")).containsExactly("placed order");
  }

  @Test
  void pagesByLimitBeforeAndAfter() throws Exception {
    HttpResponse<String> newest = get("api/records?limit=2");
    assertThat(newest.body()).contains("\"has_more\":true").contains("\"last_seq\":5");
    assertThat(bodies("?limit=2")).containsExactly("slow query", "traced");
    assertThat(bodies("?limit=2&before=4")).containsExactly("insert failed", "charging card");
    assertThat(bodies("?after=3")).containsExactly("slow query", "traced");
  }

  @Test
  void badParametersAreNamed() throws Exception {
    HttpResponse<String> level = get("api/records?level=loud");
    assertThat(level.statusCode()).isEqualTo(400);
    assertThat(level.body()).contains("level: invalid severity 'loud'");
    assertThat(get("api/records?limit=0").body()).contains("limit: must be an integer from 1 to 1000");
    assertThat(get("api/records?before=x").body()).contains("before: must be a sequence number");
    assertThat(get("api/stream?level=nope").statusCode()).isEqualTo(400);
    assertThat(get("api/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void unknownParametersAreRefusedWithTheKnownOnes() throws Exception {
    HttpResponse<String> typo = get("api/records?levle=ERROR");
    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(typo.body()).isEqualTo("{\"error\":\"levle: unknown parameter for api/records; known:"
        + " level, logger, request_id, operation, trace_id, q, limit, before, after\"}");
    assertThat(get("api/counts?limit=3").body())
        .contains("limit: unknown parameter for api/counts; known: level, logger, request_id, operation, trace_id, q\"");
    assertThat(get("api/operations?before=1").statusCode()).isEqualTo(400);
    HttpResponse<String> stream = get("api/stream?limit=3");
    assertThat(stream.statusCode()).isEqualTo(400);
    assertThat(stream.body()).contains("limit: unknown parameter for api/stream; known: level, logger,"
        + " request_id, operation, trace_id, q, after");
    assertThat(get("?level=WARN&utm_source=chat").statusCode()).as("the page keeps any query").isEqualTo(200);
  }

  @Test
  void aTrailingSlashOnAnApiPathIsTheSamePath() throws Exception {
    assertThat(bodies("/?level=warn")).containsExactly("insert failed", "slow query");
    assertThat(get("api/counts/").body()).contains("\"held\":5");
    assertThat(get("api/operations/").statusCode()).isEqualTo(200);
    assertThat(get("api/nothing/").statusCode()).isEqualTo(404);
  }

  @Test
  void operationTreeWithProgress() throws Exception {
    String body = get("api/operations").body();
    assertThat(body).startsWith("{\"operations\":[{\"children\":[{\"children\":[]")
        .contains("\"name\":\"load_rows\"").contains("\"parent_id\":\"op-1\"")
        .contains("\"progress\":{\"current\":3,\"state\":\"tick\",\"total\":10}")
        .contains("\"name\":\"place_order\"");
  }

  @Test
  void countsBySeverity() throws Exception {
    String body = get("api/counts?logger=orders").body();
    assertThat(body).contains("\"held\":5").contains("\"matched\":3")
        .contains("\"by_severity\":{\"DEBUG\":0,\"ERROR\":1,\"FATAL\":0,\"INFO\":1,\"TRACE\":0,\"WARN\":1}")
        .contains("\"capacity\":100").contains("\"dropped\":0");
  }

  @Test
  void streamFollowsAGrowingFileWithFilters() throws Exception {
    Path growing = dir.resolve("growing.jsonl");
    Files.writeString(growing, line(9, "a", "already there", Map.of()) + "\n");
    ViewerBuffer own = new ViewerBuffer(10);
    try (ViewerServer viewer = ViewerServer.start(new ViewerApi(own), 0);
        FileFollower tail = FileFollower.start(List.of(growing), own,
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))) {
      HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(
              URI.create(viewer.url() + "api/stream?level=ERROR&after=0")).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("text/event-stream; charset=utf-8");
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        Files.writeString(growing, line(9, "a", "quiet one", Map.of()) + "\n"
            + line(17, "a", "appended error", Map.of()) + "\n", StandardOpenOption.APPEND);
        CompletableFuture<String> event = CompletableFuture.supplyAsync(() -> {
          try {
            String l;
            while ((l = reader.readLine()) != null) {
              if (l.startsWith("data: ") && l.contains("appended error")) {
                return l;
              }
            }
            return null;
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        String data = event.get(10, TimeUnit.SECONDS);
        assertThat(data).contains("appended error").doesNotContain("quiet one")
            .doesNotContain("already there").contains("\"missed\":0");
      }
    }
  }

  @Test
  void otelJsonLinesAreFollowedToo() throws Exception {
    Path otel = dir.resolve("otel.jsonl");
    Files.writeString(otel, dev.dagstack.logger.wire.OtelJsonEncoder.encode(LogRecord.builder()
        .severityNumber(17).body("from the otel-json wire").build()) + "\n");
    ViewerBuffer own = new ViewerBuffer(10);
    try (ViewerServer viewer = ViewerServer.start(new ViewerApi(own), 0);
        FileFollower tail = FileFollower.start(List.of(otel), own,
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))) {
      HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(
              URI.create(viewer.url() + "api/stream?level=ERROR&after=0")).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        CompletableFuture<String> event = CompletableFuture.supplyAsync(() -> {
          try {
            String l;
            while ((l = reader.readLine()) != null) {
              if (l.startsWith("data: ") && l.contains("from the otel-json wire")) {
                return l;
              }
            }
            return null;
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        assertThat(event.get(10, TimeUnit.SECONDS)).contains("from the otel-json wire");
      }
    }
  }

  @Test
  void aReaderThatFallsBehindIsToldHowManyItMissed() {
    ViewerBuffer small = new ViewerBuffer(3);
    for (int i = 1; i <= 5; i++) {
      small.emit(LogRecord.builder().body("r" + i).build());
    }
    ViewerBuffer.Batch batch = small.after(1, 10);
    assertThat(batch.missed()).as("record 2 went before the reader got to it").isEqualTo(1);
    assertThat(batch.entries()).extracting(ViewerBuffer.Entry::seq).containsExactly(3L, 4L, 5L);
    assertThat(small.overwritten()).isEqualTo(2);
    assertThat(small.after(5, 10).entries()).isEmpty();
  }
}
