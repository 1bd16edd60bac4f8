package dev.dagstack.logger.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The viewer under a newcomer's hard cases, over real HTTP (CLI host): a server restart seen by a
 * resuming page, byte bounds on huge records, the limit on open streams, malformed queries,
 * HEAD, and the dotted logger prefix.
 */
class ViewerLimitsHttpTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

  private final List<ViewerServer> servers = new ArrayList<>();
  private final List<InputStream> streams = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (InputStream s : streams) {
      s.close();
    }
    servers.forEach(ViewerServer::close);
  }

  private ViewerServer serve(ViewerBuffer buffer, int maxStreams) throws IOException {
    ViewerServer server = ViewerServer.start(new ViewerApi(buffer, maxStreams), 0);
    servers.add(server);
    return server;
  }

  private static LogRecord record(String logger, String body) {
    return LogRecord.builder().timeUnixNano(1_700_000_000_000_000_000L).severityNumber(9).body(body)
        .instrumentationScope(new InstrumentationScope(logger, null, null)).build();
  }

  private static ViewerBuffer buffer(int records) {
    ViewerBuffer buffer = new ViewerBuffer(100);
    for (int i = 1; i <= records; i++) {
      buffer.emit(record("app", "r-" + i));
    }
    return buffer;
  }

  private static HttpResponse<String> get(ViewerServer server, String pathAndQuery) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Opens an event stream and reads its events until {@code events} of them (not keep-alives) arrived. */
  private List<String> events(ViewerServer server, String query, String lastEventId, int events)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + "api/stream" + query));
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    streams.add(response.body());
    BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    return CompletableFuture.supplyAsync(() -> {
      List<String> read = new ArrayList<>();
      StringBuilder event = new StringBuilder();
      try {
        String line;
        while (read.size() < events && (line = reader.readLine()) != null) {
          if (line.isEmpty()) {
            if (event.indexOf("event: ") >= 0) {
              read.add(event.toString());
            }
            event.setLength(0);
          } else {
            event.append(line).append('\n');
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return read;
    }).get(20, TimeUnit.SECONDS);
  }

  private static List<Long> seqs(String text) {
    List<Long> seqs = new ArrayList<>();
    Matcher m = SEQ.matcher(text);
    while (m.find()) {
      seqs.add(Long.parseLong(m.group(1)));
    }
    return seqs;
  }

  @Test
  void aPageResumingPastTheNewServersLastSeqIsResetToTheOldestHeldRecord() throws Exception {
    ViewerBuffer restarted = buffer(3);
    ViewerServer server = serve(restarted, 4);
    String instance = restarted.instance();
    assertThat(get(server, "api/counts").body()).contains("\"instance\":\"" + instance + "\"");

    List<String> afterOld = events(server, "?after=1000", null, 2);
    assertThat(afterOld.get(0)).startsWith("event: reset\nid: " + instance + ":0\n")
        .contains("\"instance\":\"" + instance + "\"").contains("\"last_seq\":3");
    assertThat(afterOld.get(1)).startsWith("event: records\nid: " + instance + ":3\n")
        .contains("\"missed\":0");
    assertThat(seqs(afterOld.get(1))).containsExactly(1L, 2L, 3L);

    List<String> resumed = events(server, "", "0123abcd:1000", 2);
    assertThat(resumed.get(0)).as("Last-Event-ID of the old server").startsWith("event: reset\n");
    assertThat(seqs(resumed.get(1))).containsExactly(1L, 2L, 3L);
  }

  @Test
  void afterAResetTheRecordsTheNewServerAlreadyPushedOutAreCountedAsMissed() throws Exception {
    ViewerBuffer buffer = new ViewerBuffer(5);
    for (int i = 1; i <= 20; i++) {
      buffer.emit(record("app", "r-" + i));
    }
    ViewerServer server = serve(buffer, 4);
    List<String> resumed = events(server, "", "deadbeefdeadbeef:3", 2);
    assertThat(resumed.get(0)).startsWith("event: reset\n").contains("\"last_seq\":20");
    assertThat(resumed.get(1)).contains("\"missed\":15");
    assertThat(seqs(resumed.get(1))).containsExactly(16L, 17L, 18L, 19L, 20L);
    // As a cursor of this instance counts them.
    assertThat(events(server, "?after=3", null, 1).get(0)).contains("\"missed\":12");
  }

  @Test
  void aRestartIsDetectedByTheInstanceEvenWhenTheNewCounterPassedTheOldOne() throws Exception {
    ViewerBuffer restarted = buffer(5);
    ViewerServer server = serve(restarted, 4);
    List<String> other = events(server, "?after=2&instance=0123abcd", null, 2);
    assertThat(other.get(0)).startsWith("event: reset\n");
    assertThat(seqs(other.get(1))).containsExactly(1L, 2L, 3L, 4L, 5L);

    List<String> same = events(server, "?after=2&instance=" + restarted.instance(), null, 1);
    assertThat(same.get(0)).as("the same server: no reset").startsWith("event: records\n");
    assertThat(seqs(same.get(0))).containsExactly(3L, 4L, 5L);
    List<String> sameById = events(server, "", restarted.instance() + ":4", 1);
    assertThat(seqs(sameById.get(0))).containsExactly(5L);
  }

  @Test
  void moreStreamsThanTheMaximumAreRefusedWith503AndCounted() throws Exception {
    ViewerBuffer buffer = buffer(1);
    ViewerServer server = serve(buffer, 2);
    events(server, "?after=0", null, 1);
    events(server, "?after=0", null, 1);
    HttpResponse<String> third = get(server, "api/stream?after=0");
    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(third.headers().firstValue("Content-Type")).hasValue(ViewerApi.JSON);
    assertThat(third.body()).contains("too many open viewer streams: 2 of at most 2")
        .contains("--max-streams").contains("dagstack.logger.viewer.max-streams");
    ViewerApi.SECURITY_HEADERS.forEach((name, value) ->
        assertThat(third.headers().firstValue(name)).as(name).hasValue(value));
    assertThat(get(server, "api/counts").body())
        .contains("\"streams\":{\"open\":2,\"max\":2,\"refused\":1}");
    assertThat(get(server, "api/records").statusCode()).as("the rest of the API still answers").isEqualTo(200);
  }

  @Test
  void aStreamWhoseClientStoppedReadingIsCutOffAtItsSpan() throws Exception {
    // Far more than the socket buffers hold: the server's writes block on the dead readers.
    ViewerBuffer buffer = new ViewerBuffer(1000, 256L << 20);
    for (int i = 0; i < 400; i++) {
      buffer.emit(record("app", i + "-" + "x".repeat(100_000)));
    }
    Duration span = Duration.ofSeconds(1);
    ViewerServer server = ViewerServer.start(new ViewerApi(buffer, 2, span), 0);
    servers.add(server);
    List<Socket> dead = new ArrayList<>();
    // Both streams are open only until their cut-off (1.1 s after opening): a look at them
    // within that window would race the watchdog. Its one thread waits here instead, so the
    // streams stay open until it is let go; the cut-offs, due meanwhile, then run at once.
    java.util.concurrent.CountDownLatch watchdogWaiting = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch letGo = new java.util.concurrent.CountDownLatch(1);
    Watchdog.SCHEDULER.execute(() -> {
      watchdogWaiting.countDown();
      try {
        letGo.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      assertThat(watchdogWaiting.await(10, TimeUnit.SECONDS)).as("the watchdog waits").isTrue();
      long started = System.nanoTime();
      for (int i = 0; i < 2; i++) {
        dead.add(deadReader(server, "/api/stream?after=0"));
      }
      awaitCounts(server, "\"open\":2,", Duration.ofSeconds(10));
      assertThat(get(server, "api/stream?after=0").statusCode()).as("both slots taken").isEqualTo(503);
      assertThat(get(server, "api/counts").body()).as("nothing but the watchdog frees them")
          .contains("\"open\":2,");
      letGo.countDown();

      awaitCounts(server, "\"open\":0,", Duration.ofSeconds(20));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("freed about at the span")
          .isLessThan(span.multipliedBy(8));
      List<String> fresh = events(server, "?after=399", null, 1);
      assertThat(fresh.get(0)).as("a new page streams again").startsWith("event: records\n");
      for (Socket socket : dead) {
        socket.setSoTimeout(20_000);
        InputStream in = socket.getInputStream();
        byte[] drain = new byte[1 << 16];
        try {
          while (in.read(drain) >= 0) {
            // what the server wrote before it cut the connection off
          }
        } catch (java.net.SocketException reset) {
          // cut off with a reset: closed as well
        }
      }
    } finally {
      letGo.countDown();
      for (Socket socket : dead) {
        socket.close();
      }
    }
  }

  @Test
  void answersToClientsThatStoppedReadingAreBoundedAndCutOff() throws Exception {
    ViewerBuffer buffer = new ViewerBuffer(1000, 256L << 20);
    for (int i = 0; i < 400; i++) {
      buffer.emit(record("app", i + "-" + "x".repeat(100_000)));
    }
    Duration span = Duration.ofSeconds(1);
    ViewerServer server = ViewerServer.start(new ViewerApi(buffer, 2, span), 0);
    servers.add(server);
    List<Socket> dead = new ArrayList<>();
    try {
      for (int i = 0; i < ViewerServer.MAX_ANSWERS; i++) {
        dead.add(deadReader(server, "/api/records?limit=1000"));
      }
      // Every answer slot is held by a client that does not read: the next one is refused.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      HttpResponse<String> refused;
      do {
        refused = get(server, "api/records?limit=1");
      } while (refused.statusCode() != 503 && System.nanoTime() < deadline);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).contains("answers are being written already");
      // Cut off about at the stream cut-off: answers flow again.
      long freedBy = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      HttpResponse<String> again;
      do {
        again = get(server, "api/records?limit=1");
      } while (again.statusCode() != 200 && System.nanoTime() < freedBy);
      assertThat(again.statusCode()).isEqualTo(200);
    } finally {
      for (Socket socket : dead) {
        socket.close();
      }
    }
  }

  /** A client that sends {@code GET path} with a tiny receive window and then never reads. */
  private static Socket deadReader(ViewerServer server, String path) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(1024); // before connecting: the window the server sees
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 5_000);
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  /** Polls {@code api/counts} until it contains {@code expected} (a deadline, no sleep). */
  private static void awaitCounts(ViewerServer server, String expected, Duration within)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    String counts;
    do {
      counts = get(server, "api/counts").body();
      assertThat(System.nanoTime()).as("api/counts with " + expected + ", last: " + counts)
          .isLessThan(deadline);
    } while (!counts.contains(expected));
  }

  @Test
  void theBufferIsBoundedInBytesAndCountsWhatItPushedOut() {
    ViewerBuffer buffer = new ViewerBuffer(1000, ViewerBuffer.MIN_MAX_BYTES);
    String quarter = "x".repeat(300_000);
    for (int i = 0; i < 10; i++) {
      buffer.emit(record("app", quarter));
    }
    assertThat(buffer.heldBytes()).isLessThanOrEqualTo(ViewerBuffer.MIN_MAX_BYTES);
    assertThat(buffer.snapshot()).hasSize(3);
    assertThat(buffer.overwritten()).isEqualTo(7);
    assertThat(buffer.after(0, 100).missed()).isEqualTo(7);

    buffer.emit(record("app", "y".repeat(2_000_000)));
    assertThat(buffer.snapshot()).as("a record bigger than the bound is not held").isEmpty();
    assertThat(buffer.overwritten()).isEqualTo(11);
    assertThat(buffer.heldBytes()).isZero();
    buffer.emit(record("app", "small"));
    assertThat(buffer.snapshot()).extracting(e -> e.record().bodyText()).containsExactly("small");
    assertThat(buffer.after(10, 100).missed()).as("seq 11 was never held").isEqualTo(1);
  }

  @Test
  void aPageOfHugeRecordsIsCutShortAndTheRestFollowsOnTheNextPage() throws Exception {
    ViewerBuffer buffer = new ViewerBuffer(100);
    for (int i = 1; i <= 12; i++) {
      buffer.emit(record("app", i + "-" + "z".repeat(1 << 20)));
    }
    ViewerServer server = serve(buffer, 4);
    HttpResponse<String> newest = get(server, "api/records?limit=100");
    assertThat(newest.statusCode()).isEqualTo(200);
    List<Long> first = seqs(newest.body());
    assertThat(first).as("the newest ones, up to about " + ViewerApi.RESPONSE_BYTES + " bytes")
        .hasSizeBetween(1, 6).endsWith(12L);
    assertThat(newest.body().length()).isLessThan(ViewerApi.RESPONSE_BYTES + (2 << 20));
    assertThat(newest.body()).contains("\"has_more\":true");
    List<Long> all = new ArrayList<>(first);
    while (all.get(0) > 1) {
      HttpResponse<String> older = get(server, "api/records?limit=100&before=" + all.get(0));
      List<Long> page = seqs(older.body());
      assertThat(page).isNotEmpty();
      all.addAll(0, page);
    }
    assertThat(all).hasSize(12).doesNotHaveDuplicates().isSorted();
    List<Long> forward = seqs(get(server, "api/records?limit=100&after=0").body());
    assertThat(forward).hasSizeBetween(1, 6).startsWith(1L);
  }

  @Test
  void malformedRepeatedAndValuelessParametersGet400JsonWithTheSecurityHeaders() throws Exception {
    ViewerServer server = serve(buffer(2), 4);
    for (String[] q : new String[][] {
        {"api/records?level=WARN&level=ERROR", "level: given more than once; give it once"},
        {"api/records?level", "level: needs a value (level=…)"},
        {"api/stream?level&after=0", "level: needs a value"}}) {
      String answer = raw(server, "GET /" + q[0], "Host: 127.0.0.1:" + server.port());
      assertThat(answer).as(q[0]).startsWith("HTTP/1.1 400 ")
          .containsIgnoringCase("Content-Type: application/json; charset=utf-8")
          .contains("{\"error\":\"" + q[1]);
      ViewerApi.SECURITY_HEADERS.forEach((name, value) ->
          assertThat(answer).as(q[0] + ": " + name).containsIgnoringCase(name + ": " + value));
    }
    assertThat(raw(server, "GET /?level=WARN&level=ERROR", "Host: localhost"))
        .as("the page reads its filters itself").startsWith("HTTP/1.1 200 ");
  }

  @Test
  void emptyValuesAndMalformedTraceIdsGet400NamingTheParameter() throws Exception {
    ViewerServer server = serve(buffer(2), 4);
    for (String[] q : new String[][] {
        {"api/records?level=", "level: empty value; give one (level=…) or leave the parameter out"},
        {"api/counts?q=&level=WARN", "q: empty value"},
        {"api/stream?after=", "after: empty value"},
        {"api/records?trace_id=%20", "trace_id: empty value"},
        {"api/records?trace_id=xyz", "trace_id: must be 32 hex digits, not all zeros, got 'xyz'"},
        {"api/operations?trace_id=0af7651916cd43dd8448eb211c80319", "trace_id: must be 32 hex"}}) {
      HttpResponse<String> answer = get(server, q[0]);
      assertThat(answer.statusCode()).as(q[0]).isEqualTo(400);
      assertThat(answer.body()).as(q[0]).startsWith("{\"error\":\"" + q[1]);
    }
    assertThat(get(server, "api/records?trace_id=0AF7651916CD43DD8448EB211C80319C").statusCode())
        .isEqualTo(200);
  }

  @Test
  void theAllZeroTraceIdIsRefusedAsTheRecordsRefuseIt() throws Exception {
    // HexIds' rule, the one LogRecord applies: a filter on it could only match nothing, silently.
    ViewerServer server = serve(buffer(2), 4);
    HttpResponse<String> answer = get(server, "api/records?trace_id=" + "0".repeat(32));
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).startsWith("{\"error\":\"trace_id: must be 32 hex digits, not all"
        + " zeros, got '" + "0".repeat(32) + "'\"");
  }

  @Test
  void theOperationsAnswerNamesTheInstanceAndLastSeqLikeEveryAnswer() throws Exception {
    ViewerBuffer buffer = buffer(3);
    ViewerServer server = serve(buffer, 4);
    assertThat(get(server, "api/operations").body()).isEqualTo("{\"operations\":[],\"instance\":\""
        + buffer.instance() + "\",\"last_seq\":3,\"dropped\":0,\"capacity\":100}");
  }

  @Test
  void aRequestWithoutAHostHeaderIsRefusedSayingSo() throws Exception {
    ViewerServer server = serve(buffer(1), 4);
    // HTTP/1.0 may leave Host out; the JDK server passes such a request on.
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET /api/counts HTTP/1.0\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 403 ")
          .contains("refused a request with no Host header: only a loopback name")
          .doesNotContain("'null'");
    }
  }

  @Test
  void malformedPercentEncodingIsRefusedByTheQueryParser() {
    // The JDK server refuses such a request line itself (400, fixed text, no log data) before the
    // viewer sees it; the Spring host hands the raw query to this parser.
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ViewerApi.parseQuery("%zz=1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed query parameter '%zz=1': bad percent-encoding");
    assertThat(ViewerApi.parseQuery("q=a%20b+c&level=WARN&")).containsExactly(
        java.util.Map.entry("q", "a b c"), java.util.Map.entry("level", "WARN"));
  }

  @Test
  void twoHostHeadersGet400() throws Exception {
    ViewerServer server = serve(buffer(1), 4);
    assertThat(raw(server, "GET /api/records", "Host: 127.0.0.1", "Host: evil.example"))
        .startsWith("HTTP/1.1 400 ").contains("Host: given 2 times; give it once");
  }

  @Test
  void headAnswersLikeGetWithoutABody() throws Exception {
    ViewerServer server = serve(buffer(1), 4);
    for (String path : List.of("/", "/viewer.js", "/viewer.css", "/api/counts")) {
      String head = raw(server, "HEAD " + path, "Host: 127.0.0.1");
      String get = raw(server, "GET " + path, "Host: 127.0.0.1");
      assertThat(head).as(path).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\n");
      String type = get.lines().filter(l -> l.regionMatches(true, 0, "Content-Type:", 0, 13))
          .findFirst().orElseThrow();
      assertThat(head).as(path).contains(type);
    }
  }

  @Test
  void theLoggerFilterIsADottedPrefix() throws Exception {
    ViewerBuffer buffer = new ViewerBuffer(100);
    for (String logger : List.of("order_service", "order_service.api", "order_service2", "order")) {
      buffer.emit(record(logger, "from " + logger));
    }
    ViewerServer server = serve(buffer, 4);
    assertThat(get(server, "api/records?logger=order_service").body())
        .contains("from order_service\"").contains("from order_service.api\"")
        .doesNotContain("from order_service2").doesNotContain("from order\"");
    assertThat(get(server, "api/counts?logger=order").body()).as("order is not order_service's parent")
        .contains("\"matched\":1");
    assertThat(get(server, "api/counts?logger=order_service.").body()).as("a trailing dot: below it only")
        .contains("\"matched\":1");
  }

  /** A request over a plain socket, so that headers the HTTP client would not send can be sent. */
  private static String raw(ViewerServer server, String requestLine, String... headers) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
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
}
