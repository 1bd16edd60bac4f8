package dev.dagstack.sample;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /assistant {"question": "..."}}: asks a language model about the orders placed so
 * far (their items and quantities go into the prompt) through Spring AI's OpenAI-compatible chat
 * client, and answers {@code 200 {"answer": "..."}}. Nothing here logs: the dagstack starter
 * turns Spring AI's observations into {@code ai_agent.*} events (dagstack.logger.ai-agent).
 * Without a chat model configured the endpoint answers 503 with a problem detail naming the
 * properties to set, and 502 when the model server fails; the rest of the service runs as usual.
 */
@RestController
public class AssistantController {

  static final String NOT_CONFIGURED = "no chat model is configured: set spring.ai.model.chat=openai"
      + " (ASSISTANT_CHAT=openai), spring.ai.openai.base-url (OPENAI_BASE_URL, e.g."
      + " http://localhost:11434/v1 for Ollama), spring.ai.openai.chat.options.model (ASSISTANT_MODEL)"
      + " and the key in OPENAI_API_KEY";

  private final ObjectProvider<ChatModel> chatModels;
  private final ObjectProvider<ChatClient.Builder> chatClients;
  private final OrderService orders;

  public AssistantController(ObjectProvider<ChatModel> chatModels,
      ObjectProvider<ChatClient.Builder> chatClients, OrderService orders) {
    this.chatModels = chatModels;
    this.chatClients = chatClients;
    this.orders = orders;
  }

  /** The request body. */
  public record Question(@JsonProperty("question") String question) {}

  /** The response body. */
  public record Answer(@JsonProperty("answer") String answer) {}

  @PostMapping("/assistant")
  public ResponseEntity<?> ask(@RequestBody Question request) {
    // The chat client builder needs a chat model: asking for it without one fails.
    ChatClient.Builder builder = chatModels.getIfAvailable() == null ? null
        : chatClients.getIfAvailable();
    if (builder == null) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
          NOT_CONFIGURED);
      problem.setTitle("Assistant not configured");
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
    }
    if (request == null || request.question() == null || request.question().isBlank()) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
          "question is required");
      problem.setTitle("Invalid question");
      return ResponseEntity.badRequest().body(problem);
    }
    String answer;
    try {
      answer = builder.build().prompt()
          .system(systemPrompt(orders.all()))
          .user(request.question())
          .call().content();
    } catch (RuntimeException e) {
      // The failure is on record already: the model call's operation closes with status error.
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
          "the chat model did not answer: " + e.getClass().getSimpleName());
      problem.setTitle("Assistant unavailable");
      return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(problem);
    }
    return ResponseEntity.ok(new Answer(answer == null ? "" : answer));
  }

  private static String systemPrompt(List<Order> placed) {
    String lines = placed.isEmpty() ? "(none yet)" : placed.stream()
        .map(o -> "- " + o.id() + ": " + o.quantity() + " x " + o.item())
        .collect(Collectors.joining("\n"));
    return "You answer questions about the orders placed so far in an order service."
        + " Be brief. The orders:\n" + lines;
  }
}
