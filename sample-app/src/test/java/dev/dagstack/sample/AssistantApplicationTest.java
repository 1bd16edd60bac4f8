package dev.dagstack.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.spring.test.CaptureLogs;
import dev.dagstack.logger.spring.test.CapturedLogs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code POST /assistant} with a chat model configured as an operator would (ASSISTANT_CHAT=openai,
 * OPENAI_BASE_URL): the real Spring AI OpenAI client talks to an OpenAI-compatible server on
 * loopback that answers every chat completion with the same canned text.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.ai.model.chat=openai",
      "spring.ai.openai.chat.options.model=test-model",
      "dagstack.logger.web.debug.token=" + AssistantApplicationTest.DEBUG_TOKEN
    })
@CaptureLogs
@DirtiesContext
class AssistantApplicationTest {

  static final String DEBUG_TOKEN = "assistant-debug-token";
  private static final String ANSWER = "You ordered 2 x book.";
  private static final List<String> PATHS = new CopyOnWriteArrayList<>();
  private static final List<String> PROMPTS = new CopyOnWriteArrayList<>();
  private static final HttpServer MODEL = startModel();

  @TempDir
  static Path logDir;

  private static HttpServer startModel() {
    try {
      HttpServer server = HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      server.createContext("/", exchange -> {
        try (exchange) {
          PATHS.add(exchange.getRequestURI().getPath());
          String prompt = new String(exchange.getRequestBody().readAllBytes(),
              StandardCharsets.UTF_8);
          PROMPTS.add(prompt);
          if (prompt.contains("refuse-me")) {
            byte[] error = """
                {"error":{"message":"bad request","type":"invalid_request_error","param":null,
                 "code":null}}""".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(400, error.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(error);
            }
            return;
          }
          byte[] body = """
              {"id":"chatcmpl-s1","object":"chat.completion","created":1700000000,
               "model":"test-model-v2","choices":[{"index":0,"logprobs":null,
               "finish_reason":"stop","message":{"role":"assistant","content":"%s",
               "refusal":null}}],
               "usage":{"prompt_tokens":31,"completion_tokens":9,"total_tokens":40}}
              """.formatted(ANSWER).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        }
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("order-service.log-dir", logDir::toString);
    registry.add("spring.ai.openai.base-url",
        () -> "http://127.0.0.1:" + MODEL.getAddress().getPort() + "/v1");
    registry.add("spring.ai.openai.api-key", () -> "test-key");
  }

  @AfterAll
  static void stopModel() {
    MODEL.stop(0);
  }

  @LocalServerPort
  int port;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(String path, String body, String requestId, boolean debug)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json").header("X-Request-Id", requestId)
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (debug) {
      request.header("X-Dagstack-Debug", DEBUG_TOKEN);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static LogRecord event(CapturedLogs logs, String requestId, String name) {
    return logs.withAttribute("request.id", requestId).withAttribute("event.domain", "ai_agent")
        .withAttribute("event.name", name).single();
  }

  @Test
  void answersFromTheOrdersAndLogsUsageButNoTextUnlessDebugged(CapturedLogs logs)
      throws Exception {
    assertThat(post("/orders", """
        {"item": "book", "quantity": 2, "card_token": "tok_1"}
        """, "order-1", false).statusCode()).isEqualTo(201);

    HttpResponse<String> plain = post("/assistant", """
        {"question": "What did I order?"}
        """, "ask-plain", false);
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.body()).isEqualTo("{\"answer\":\"" + ANSWER + "\"}");
    assertThat(PATHS).last().isEqualTo("/v1/chat/completions");
    assertThat(PROMPTS).last().asString().contains("2 x book").contains("What did I order?");

    LogRecord request = event(logs, "ask-plain", "llm.request");
    assertThat(request.attributes()).containsEntry("gen_ai.system", "openai")
        .containsEntry("gen_ai.request.model", "test-model")
        .containsEntry("gen_ai.prompt.1.content", "")
        .containsKey("gen_ai.prompt.1.content.hash");
    LogRecord response = event(logs, "ask-plain", "llm.response");
    assertThat(response.attributes()).containsEntry("gen_ai.response.model", "test-model-v2")
        .containsEntry("gen_ai.usage.input_tokens", 31L)
        .containsEntry("gen_ai.usage.output_tokens", 9L)
        .containsEntry("gen_ai.completion.0.content", "");
    assertThat(logs.withAttribute("request.id", "ask-plain").records().toString())
        .doesNotContain("What did I order?").doesNotContain(ANSWER);

    assertThat(post("/assistant", """
        {"question": "What did I order?"}
        """, "ask-debug", true).statusCode()).isEqualTo(200);
    assertThat(event(logs, "ask-debug", "llm.request").attributes())
        .containsEntry("gen_ai.prompt.1.content", "What did I order?");
    assertThat(event(logs, "ask-debug", "llm.response").attributes())
        .containsEntry("gen_ai.completion.0.content", ANSWER);
  }

  @Test
  void aFailingModelServerIsABadGatewayAndTheModelCallIsRecordedAsFailed(CapturedLogs logs)
      throws Exception {
    HttpResponse<String> response = post("/assistant", "{\"question\": \"refuse-me\"}",
        "ask-refused", false);
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("the chat model did not answer");
    assertThat(logs.withAttribute("request.id", "ask-refused")
        .withAttribute("operation.name", "gen_ai.client.operation")
        .withAttribute("operation.status", "error").records()).isNotEmpty();
    assertThat(logs.withAttribute("request.id", "ask-refused")
        .withAttribute("event.name", "llm.response").records()).isEmpty();
  }

  @Test
  void aBlankQuestionIsABadRequest() throws Exception {
    HttpResponse<String> response = post("/assistant", "{\"question\": \" \"}", "ask-blank",
        false);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("question is required");
  }
}
