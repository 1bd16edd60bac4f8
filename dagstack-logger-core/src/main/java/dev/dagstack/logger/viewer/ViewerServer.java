package dev.dagstack.logger.viewer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link ViewerApi} over HTTP on the loopback interface only ({@code 127.0.0.1}), for the
 * CLI's {@code view} command. Port 0 picks a free port; see {@link #port()}. Only requests whose
 * {@code Host} header is a loopback name are answered (others get 403: DNS-rebinding protection),
 * and every response carries {@link ViewerApi#SECURITY_HEADERS}.
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
      ViewerApi.SECURITY_HEADERS.forEach(exchange.getResponseHeaders()::set);
      String host = exchange.getRequestHeaders().getFirst("Host");
      if (!isLoopbackHost(host, port())) {
        byte[] body = ("dagstack log viewer: refused Host '" + host + "': only a loopback name"
            + " (127.0.0.1, localhost, [::1]) may address this server, which protects the logs"
            + " from DNS rebinding; open " + url() + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(403, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      path = path.startsWith("/") ? path.substring(1) : path;
      Map<String, String> params = query(exchange.getRequestURI().getRawQuery());
      if (path.equals("api/stream") || path.equals("api/stream/")) {
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

  /**
   * Whether a request's {@code Host} header names this server by a loopback name: {@code
   * 127.0.0.1}, {@code localhost} or {@code [::1]}, with {@code port} or without a port. A page
   * from another origin whose name was re-bound to 127.0.0.1 (DNS rebinding) sends its own name
   * and is refused; so is a request without a Host header.
   */
  static boolean isLoopbackHost(String host, int port) {
    if (host == null) {
      return false;
    }
    String name = host.strip().toLowerCase(Locale.ROOT);
    int colon = name.lastIndexOf(':');
    if (colon >= 0 && colon > name.lastIndexOf(']')) {
      if (!name.substring(colon + 1).equals(String.valueOf(port))) {
        return false;
      }
      name = name.substring(0, colon);
    }
    return name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]");
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
