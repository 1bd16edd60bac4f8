package dev.dagstack.logger.spring.ai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible chat-completions endpoint on loopback for tests: answers queued canned
 * responses in order, then {@link #answer(String, String)}-style default answers. Records every
 * request body.
 */
public final class FakeOpenAiServer implements AutoCloseable {

  /** One canned HTTP answer. */
  public record Canned(int status, String body, Map<String, String> headers) {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Canned> queue = new ConcurrentLinkedQueue<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  public FakeOpenAiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL to give Spring AI ({@code spring.ai.openai.base-url}). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Answers the next request with {@code canned}. */
  public void enqueue(Canned canned) {
    queue.add(canned);
  }

  /** Forgets queued answers and recorded requests. */
  public void reset() {
    queue.clear();
    requests.clear();
  }

  /** The request bodies received, oldest first. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** A chat completion with one text answer. */
  public static Canned answer(String id, String text) {
    return new Canned(200, """
        {"id":"%s","object":"chat.completion","created":1700000000,"model":"gpt-test-2025",
         "choices":[{"index":0,"logprobs":null,"finish_reason":"stop",
           "message":{"role":"assistant","content":"%s","refusal":null}}],
         "usage":{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18}}
        """.formatted(id, text), Map.of());
  }

  /** A chat completion asking for one tool call. */
  public static Canned toolCall(String id, String callId, String tool, String argumentsJson) {
    return new Canned(200, """
        {"id":"%s","object":"chat.completion","created":1700000000,"model":"gpt-test-2025",
         "choices":[{"index":0,"logprobs":null,"finish_reason":"tool_calls",
           "message":{"role":"assistant","content":null,"refusal":null,
             "tool_calls":[{"id":"%s","type":"function",
               "function":{"name":"%s","arguments":"%s"}}]}}],
         "usage":{"prompt_tokens":20,"completion_tokens":5,"total_tokens":25}}
        """.formatted(id, callId, tool, argumentsJson.replace("\"", "\\\"")), Map.of());
  }

  /** An overloaded-server error that the client retries after {@code retryAfterMs}. */
  public static Canned unavailable(int status, long retryAfterMs) {
    return new Canned(status, """
        {"error":{"message":"overloaded","type":"server_error","code":null,"param":null}}
        """, Map.of("retry-after-ms", Long.toString(retryAfterMs)));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Canned canned = queue.poll();
      if (canned == null) {
        canned = answer("chatcmpl-default", "Default answer.");
      }
      byte[] body = canned.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      canned.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      exchange.sendResponseHeaders(canned.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
