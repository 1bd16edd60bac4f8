package dev.dagstack.logger.viewer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link ViewerApi} over HTTP on the loopback interface only ({@code 127.0.0.1}), for the
 * CLI's {@code view} command. Port 0 picks a free port; see {@link #port()}.
 */
public final class ViewerServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final ViewerApi api;

  private ViewerServer(HttpServer server, ExecutorService executor, ViewerApi api) {
    this.server = server;
    this.executor = executor;
    this.api = api;
  }

  /**
   * Starts serving {@code api} on {@code 127.0.0.1:port}.
   *
   * @throws IOException when the port cannot be bound (e.g. in use)
   */
  public static ViewerServer start(ViewerApi api, int port) throws IOException {
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    // One thread per request: an event stream holds its thread for up to ViewerApi.STREAM_SPAN.
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
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      path = path.startsWith("/") ? path.substring(1) : path;
      Map<String, String> params = query(exchange.getRequestURI().getRawQuery());
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      if (path.equals("api/stream")) {
        stream(exchange, params);
        return;
      }
      ViewerApi.Response response = api.get(path, params);
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.sendResponseHeaders(response.status(), response.body().length);
      exchange.getResponseBody().write(response.body());
    }
  }

  private void stream(HttpExchange exchange, Map<String, String> params) throws IOException {
    String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
    ViewerApi.Response bad = api.rejectStream(lastEventId, params);
    if (bad != null) {
      exchange.getResponseHeaders().set("Content-Type", bad.contentType());
      exchange.sendResponseHeaders(bad.status(), bad.body().length);
      exchange.getResponseBody().write(bad.body());
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.sendResponseHeaders(200, 0);
    try {
      api.stream(lastEventId, params, exchange.getResponseBody());
    } catch (IOException e) {
      // The browser went away (tab closed, reconnect): nothing to report.
    }
  }

  static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.putIfAbsent(key, value);
    }
    return params;
  }

  /** Stops the server (open streams end). */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
