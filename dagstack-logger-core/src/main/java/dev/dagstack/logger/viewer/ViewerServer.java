package dev.dagstack.logger.viewer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Serves a {@link ViewerApi} over HTTP on the loopback interface only ({@code 127.0.0.1}), for the
 * CLI's {@code view} command. Port 0 picks a free port; see {@link #port()}. Only requests whose
 * {@code Host} header is a loopback name are answered (others get 403: DNS-rebinding protection),
 * and every response carries {@link ViewerApi#SECURITY_HEADERS}.
 */
public final class ViewerServer implements AutoCloseable {

  /** Answers (not streams) being written at once; more get a 503, bounding threads and heap. */
  static final int MAX_ANSWERS = 8;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Semaphore answers = new Semaphore(MAX_ANSWERS);
  private final ViewerApi api;
  /** The Host values this server answers: loopback names, with its bound port or none. */
  private final HostCheck hosts;

  private ViewerServer(HttpServer server, ExecutorService executor, ViewerApi api) {
    this.server = server;
    this.executor = executor;
    this.api = api;
    this.hosts = HostCheck.loopback(server.getAddress().getPort());
  }

  /**
   * Starts serving {@code api} on {@code 127.0.0.1:port}.
   *
   * @throws IOException when the port cannot be bound (e.g. in use)
   */
  public static ViewerServer start(ViewerApi api, int port) throws IOException {
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    // One thread per request: an event stream holds its thread for up to its span.
    ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
      Thread t = new Thread(runnable, "dagstack-viewer-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    ViewerServer viewer = new ViewerServer(server, executor, api);
    server.createContext("/", viewer::handle);
    server.start();
    return viewer;
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The page's address, e.g. {@code http://127.0.0.1:8421/}. */
  public String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      ViewerApi.SECURITY_HEADERS.forEach(exchange.getResponseHeaders()::set);
      List<String> hosts = exchange.getRequestHeaders().get("Host");
      if (hosts != null && hosts.size() > 1) {
        send(exchange, ViewerApi.badRequest("Host: given " + hosts.size() + " times; give it once"), false);
        return;
      }
      String host = hosts == null ? null : hosts.get(0);
      if (!this.hosts.allows(host)) {
        byte[] body = ("dagstack log viewer: refused " + (host == null ? "a request with no Host"
            + " header" : "Host '" + host + "'") + ": only a loopback name"
            + " (127.0.0.1, localhost, [::1]) may address this server, which protects the logs"
            + " from DNS rebinding; open " + url() + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(403, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      if (!head && !"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      path = path.startsWith("/") ? path.substring(1) : path;
      Map<String, String> params;
      if (path.startsWith("api/")) {
        try {
          params = ViewerApi.parseQuery(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
          send(exchange, ViewerApi.badRequest(e.getMessage()), head);
          return;
        }
      } else {
        params = Map.of(); // the page keeps its filters in its URL; it reads them itself
      }
      if (path.equals("api/stream") || path.equals("api/stream/")) {
        stream(exchange, params, head);
        return;
      }
      if (!answers.tryAcquire()) {
        send(exchange, ViewerApi.error(503, MAX_ANSWERS + " answers are being written already"
            + " (clients that read slowly or not at all); try again"), head);
        return;
      }
      try {
        sendWatched(exchange, api.get(path, params), head);
      } finally {
        answers.release();
      }
    }
  }

  /**
   * {@link #send}, cut off like a stalled stream (by the same {@link Watchdog}) when the client
   * has not taken the answer within the stream cut-off.
   */
  private void sendWatched(HttpExchange exchange, ViewerApi.Response response, boolean head) {
    try (Watchdog watchdog = Watchdog.interruptingAfter(System.nanoTime(), api.streamCutoff())) {
      send(exchange, response, head);
      exchange.getResponseBody().close();
    } catch (IOException e) {
      // The client went away, or stopped reading and was cut off: nothing to report.
    }
  }

  private static void send(HttpExchange exchange, ViewerApi.Response response, boolean head)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    if (head) {
      // As GET would answer, without the body.
      exchange.getResponseHeaders().set("Content-Length", String.valueOf(response.body().length));
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), response.body().length);
    exchange.getResponseBody().write(response.body());
  }

  private void stream(HttpExchange exchange, Map<String, String> params, boolean head)
      throws IOException {
    String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
    try (ViewerApi.Stream stream = api.openStream(lastEventId, params)) {
      if (stream.refusal() != null) {
        send(exchange, stream.refusal(), head);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      if (head) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, 0);
      // The JDK server's socket channel is interruptible: closing the stream (below, after the
      // response) disarms the watchdog and clears its interrupt.
      stream.interruptWhenStalled();
      try {
        stream.writeTo(exchange.getResponseBody());
        exchange.getResponseBody().close(); // the last chunk can block too: still watched
      } catch (IOException e) {
        // The browser went away (tab closed, reconnect) or stalled: nothing to report.
      }
    }
  }

  /** Stops the server (open streams end). */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
