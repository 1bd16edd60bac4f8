package dev.dagstack.logger.spring.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.tool.annotation.Tool;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The AI-agent pack with the real Spring AI OpenAI client against an OpenAI-compatible server on
 * loopback, over real HTTP requests to the application: chat, tool call, retry, privacy, and
 * body capture for one debug request among concurrent plain ones.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = SpringAiObservationWebTest.TestApplication.class)
@DirtiesContext
class SpringAiObservationWebTest {

  private static final FakeOpenAiServer MODEL = startModel();
  private static final String TOKEN = "debug-s3cret";
  private static final String SALT = "pepper-17";

  private static FakeOpenAiServer startModel() {
    try {
      return new FakeOpenAiServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.ai.model.chat", () -> "openai");
    registry.add("spring.ai.openai.base-url", MODEL::baseUrl);
    registry.add("spring.ai.openai.api-key", () -> "test-key");
    registry.add("spring.ai.openai.chat.options.model", () -> "gpt-test");
    registry.add("spring.ai.openai.chat.model", () -> "gpt-test");
    registry.add("dagstack.logger.sinks.memory.type", () -> "in-memory");
    registry.add("dagstack.logger.sinks.memory.capacity", () -> "20000");
    registry.add("dagstack.logger.ai-agent.enabled", () -> "true");
    registry.add("dagstack.logger.ai-agent.max-body-bytes", () -> "40");
    registry.add("dagstack.logger.ai-agent.body-hash-salt", () -> SALT);
    registry.add("dagstack.logger.web.debug.token", () -> TOKEN);
  }

  @AfterAll
  static void stopModel() {
    MODEL.close();
  }

  @LocalServerPort
  int port;

  @Autowired
  @Qualifier("dagstack.logger.sinks.memory")
  InMemorySink sink;

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void reset() {
    MODEL.reset();
    sink.clear();
  }

  @Test
  void aChatCallWritesRequestAndResponseEventsWithoutTheTexts() throws Exception {
    MODEL.enqueue(FakeOpenAiServer.answer("chatcmpl-42", "You ordered two books."));
    HttpResponse<String> response = ask("plain-1", "What did I order?", false);
    assertThat(response.body()).isEqualTo("You ordered two books.");

    LogRecord request = event("plain-1", "llm.request");
    assertThat(request.attributes()).containsEntry("gen_ai.system", "openai")
        .containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("gen_ai.request.model", "gpt-test")
        .containsEntry("event.domain", "ai_agent")
        .containsEntry("operation.name", "gen_ai.client.operation")
        .containsEntry("request.id", "plain-1");
    String userPrompt = promptKeyOf(request, "user");
    assertThat(request.attributes()).containsEntry(userPrompt, "")
        .containsEntry(userPrompt + ".hash", Hashes.of(SALT, "What did I order?"));

    LogRecord answer = event("plain-1", "llm.response");
    assertThat(answer.attributes()).containsEntry("gen_ai.response.model", "gpt-test-2025")
        .containsEntry("gen_ai.response.id", "chatcmpl-42")
        .containsEntry("gen_ai.usage.input_tokens", 11L)
        .containsEntry("gen_ai.usage.output_tokens", 7L)
        .containsEntry("gen_ai.response.finish_reasons", List.of("stop"))
        .containsEntry("gen_ai.completion.0.content", "")
        .containsEntry("gen_ai.completion.0.content.hash",
            Hashes.of(SALT, "You ordered two books."))
        .containsEntry("operation.name", "gen_ai.client.operation");
    assertThat(sink.records().toString()).doesNotContain("What did I order?")
        .doesNotContain("You ordered two books.").doesNotContain(SALT);
  }

  @Test
  void aToolCallWritesToolEventsBetweenTheTwoModelCalls() throws Exception {
    MODEL.enqueue(FakeOpenAiServer.toolCall("chatcmpl-t1", "call_77", "orderCount",
        "{\"item\":\"book\"}"));
    MODEL.enqueue(FakeOpenAiServer.answer("chatcmpl-t2", "Three books."));
    HttpResponse<String> response = ask("tool-1", "How many books?", false);
    assertThat(response.body()).isEqualTo("Three books.");
    assertThat(MODEL.requests()).hasSize(2);
    assertThat(MODEL.requests().get(1)).contains("call_77").contains("3");

    List<String> names = ofRequest("tool-1").stream()
        .filter(r -> "ai_agent".equals(r.attributes().get("event.domain")))
        .map(r -> (String) r.attributes().get("event.name")).toList();
    assertThat(names).containsExactly("llm.request", "llm.response", "tool.called",
        "tool.returned", "llm.request", "llm.response");
    LogRecord firstResponse = event("tool-1", "llm.response");
    assertThat(firstResponse.attributes())
        .containsEntry("gen_ai.response.finish_reasons", List.of("tool_calls"))
        .containsEntry("gen_ai.completion.0.tool_calls",
            List.of(Map.of("id", "call_77", "name", "orderCount")));
    LogRecord called = event("tool-1", "tool.called");
    assertThat(called.attributes()).containsEntry("gen_ai.tool.name", "orderCount")
        .containsEntry("gen_ai.tool.call.id", "call_77")
        .containsEntry("gen_ai.tool.call.arguments.content", "")
        .containsKey("gen_ai.tool.call.arguments.content.hash");
    LogRecord returned = event("tool-1", "tool.returned");
    assertThat(returned.attributes()).containsEntry("gen_ai.tool.name", "orderCount")
        .containsEntry("operation.status", "ok").containsKey("operation.duration_ms")
        .containsEntry("gen_ai.tool.call.result.content", "")
        .containsEntry("gen_ai.tool.call.result.content.hash", Hashes.of(SALT, "3"));
  }

  @Test
  void aRetriedCallWritesARetryEvent() throws Exception {
    MODEL.enqueue(FakeOpenAiServer.unavailable(503, 30));
    MODEL.enqueue(FakeOpenAiServer.unavailable(429, 30));
    MODEL.enqueue(FakeOpenAiServer.answer("chatcmpl-r", "Fine now."));
    HttpResponse<String> response = ask("retry-1", "Are you there?", false);
    assertThat(response.body()).isEqualTo("Fine now.");
    assertThat(MODEL.requests()).hasSize(3);

    List<LogRecord> retries = ofRequest("retry-1").stream()
        .filter(r -> "llm.retry".equals(r.attributes().get("event.name"))).toList();
    assertThat(retries).hasSize(2);
    assertThat(retries.get(0).attributes()).containsEntry("retry.attempt", 1L)
        .containsEntry("retry.reason", "http 503")
        .containsEntry("gen_ai.request.model", "gpt-test")
        .containsEntry("http.response.status_code", 503L)
        .containsEntry("operation.name", "gen_ai.client.operation")
        .containsEntry("event.domain", "ai_agent");
    assertThat((Long) retries.get(0).attributes().get("retry.backoff_ms")).isGreaterThanOrEqualTo(0L);
    assertThat(retries.get(1).attributes()).containsEntry("retry.attempt", 2L)
        .containsEntry("retry.reason", "http 429");
    assertThat(event("retry-1", "llm.response").attributes())
        .containsEntry("gen_ai.response.id", "chatcmpl-r");
  }

  @Test
  void oneDebugRequestAmongFiftyConcurrentOnesIsTheOnlyOneWithItsTexts() throws Exception {
    int total = 50;
    int debugged = 21;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      HttpClient concurrent = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .executor(pool).build();
      List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        responses.add(concurrent.sendAsync(askRequest("c-" + i,
            "Question number " + i + " with enough text to be cut somewhere", i == debugged),
            HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> response : responses) {
        assertThat(response.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < total; i++) {
      LogRecord request = event("c-" + i, "llm.request");
      String key = promptKeyOf(request, "user");
      String question = "Question number " + i + " with enough text to be cut somewhere";
      assertThat(request.attributes()).as("c-" + i)
          .containsEntry(key + ".hash", Hashes.of(SALT, question));
      LogRecord response = event("c-" + i, "llm.response");
      if (i == debugged) {
        // Captured, and cut at max-body-bytes (40).
        assertThat(request.attributes()).containsEntry(key, question.substring(0, 40))
            .containsEntry(key + "_truncated", true)
            .containsEntry(key + "_original_bytes", (long) question.length());
        assertThat(response.attributes()).containsEntry("gen_ai.completion.0.content",
            "Default answer.");
      } else {
        assertThat(request.attributes()).as("c-" + i).containsEntry(key, "")
            .doesNotContainKey(key + "_truncated");
        assertThat(response.attributes()).containsEntry("gen_ai.completion.0.content", "");
      }
    }
  }

  private String promptKeyOf(LogRecord record, String role) {
    return record.attributes().entrySet().stream()
        .filter(e -> e.getKey().startsWith("gen_ai.prompt.") && e.getKey().endsWith(".role")
            && role.equals(e.getValue()))
        .map(e -> e.getKey().replace(".role", ".content")).findFirst().orElseThrow();
  }

  private List<LogRecord> ofRequest(String requestId) {
    return sink.records().stream()
        .filter(r -> requestId.equals(r.attributes().get("request.id"))).toList();
  }

  private LogRecord event(String requestId, String name) {
    return ofRequest(requestId).stream()
        .filter(r -> "ai_agent".equals(r.attributes().get("event.domain"))
            && name.equals(r.attributes().get("event.name")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + name + " for " + requestId
            + " in " + ofRequest(requestId)));
  }

  private HttpResponse<String> ask(String requestId, String question, boolean debug)
      throws Exception {
    return client.send(askRequest(requestId, question, debug),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest askRequest(String requestId, String question, boolean debug) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/ask?q=" + URLEncoder.encode(question, StandardCharsets.UTF_8)))
        .timeout(Duration.ofSeconds(60)).header("X-Request-Id", requestId);
    if (debug) {
      request.header("X-Dagstack-Debug", TOKEN);
    }
    return request.build();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Controller.class)
  static class TestApplication {}

  @RestController
  static class Controller {
    private final ChatClient chat;

    Controller(ChatClient.Builder builder) {
      this.chat = builder.build();
    }

    @GetMapping("/ask")
    String ask(@RequestParam("q") String question) {
      return chat.prompt().user(question).tools(new OrderTools()).call().content();
    }
  }

  static class OrderTools {
    @Tool(description = "How many units of an item were ordered")
    int orderCount(String item) {
      return "book".equals(item) ? 3 : 0;
    }
  }
}
