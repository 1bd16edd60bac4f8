package dev.dagstack.logger.spring.ai;

import static dev.dagstack.logger.convention.AiAgentKeys.GEN_AI_OPERATION_NAME;
import static dev.dagstack.logger.convention.AiAgentKeys.GEN_AI_REQUEST_MODEL;
import static dev.dagstack.logger.convention.AiAgentKeys.GEN_AI_RESPONSE_FINISH_REASONS;
import static dev.dagstack.logger.convention.AiAgentKeys.GEN_AI_RESPONSE_ID;
import static dev.dagstack.logger.convention.AiAgentKeys.GEN_AI_RESPONSE_MODEL;
import static dev.dagstack.logger.convention.AiAgentKeys.GEN_AI_SYSTEM;
import static dev.dagstack.logger.convention.AiAgentKeys.GEN_AI_TOOL_CALL_ARGUMENTS;
import static dev.dagstack.logger.convention.AiAgentKeys.GEN_AI_TOOL_CALL_ID;
import static dev.dagstack.logger.convention.AiAgentKeys.GEN_AI_TOOL_CALL_RESULT;
import static dev.dagstack.logger.convention.AiAgentKeys.GEN_AI_TOOL_NAME;
import static dev.dagstack.logger.convention.AiAgentKeys.GEN_AI_USAGE_INPUT_TOKENS;
import static dev.dagstack.logger.convention.AiAgentKeys.GEN_AI_USAGE_OUTPUT_TOKENS;
import static dev.dagstack.logger.convention.AiAgentKeys.GEN_AI_USAGE_TOTAL_TOKENS;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.context.LoggingScope;
import dev.dagstack.logger.convention.AiAgentEvents;
import dev.dagstack.logger.convention.AiAgentKeys;
import dev.dagstack.logger.convention.EventSchemaException;
import dev.dagstack.logger.convention.Operation;
import dev.dagstack.logger.record.Attrs;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.ai.model.observation.ModelObservationContext;
import org.springframework.ai.observation.AiOperationMetadata;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/**
 * Turns Spring AI's observations into the AI-agent pack's events (spec §5.5): a chat-model or
 * embedding-model call writes {@code ai_agent.llm.request} when it starts and
 * {@code ai_agent.llm.response} when it ends (token usage, response model and id, finish
 * reasons); a tool call writes {@code ai_agent.tool.called} and {@code ai_agent.tool.returned}.
 * Prompt, completion, tool argument and tool result texts go into
 * {@code gen_ai.prompt.<N>.content}, {@code gen_ai.completion.<N>.content},
 * {@code gen_ai.tool.call.arguments.content} and {@code gen_ai.tool.call.result.content}, which
 * body privacy hashes and empties unless bodies are captured.
 *
 * <p>The records go through the logger named after the observation (e.g.
 * {@code gen_ai.client.operation}, {@code spring.ai.tool}) inside the observation's operation
 * when {@code OperationObservationHandler} made it one (this handler must then be registered
 * after it: it reads the operation in {@code onStart} and writes before it closes in
 * {@code onStop}, which Micrometer calls in reverse order). Failing calls write no
 * {@code llm.response}: the operation's closing record carries the error.
 */
public final class SpringAiObservationHandler implements ObservationHandler<Observation.Context> {

  /** The key {@code OperationObservationHandler} keeps an observation's operation under. */
  static final String OPERATION = Operation.class.getName();
  private static final String STARTED = SpringAiObservationHandler.class.getName() + ".started";
  private static final Logger DIAGNOSTICS = Logger.get("dagstack.logger.internal");

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof ChatModelObservationContext
        || context instanceof EmbeddingModelObservationContext
        || context instanceof ToolCallingObservationContext;
  }

  @Override
  public void onStart(Observation.Context context) {
    context.put(STARTED, System.nanoTime());
    try {
      if (context instanceof ChatModelObservationContext chat) {
        emit(context, "llm.request", chatRequest(chat));
      } else if (context instanceof EmbeddingModelObservationContext embedding) {
        emit(context, "llm.request", embeddingRequest(embedding));
      } else if (context instanceof ToolCallingObservationContext tool) {
        emit(context, "tool.called", toolCalled(tool));
      }
    } catch (EventSchemaException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      report(context, e);
    }
  }

  @Override
  public void onStop(Observation.Context context) {
    try {
      if (context instanceof ChatModelObservationContext chat) {
        if (context.getError() == null && chat.getResponse() != null) {
          emit(context, "llm.response", chatResponse(chat));
        }
      } else if (context instanceof EmbeddingModelObservationContext embedding) {
        if (context.getError() == null && embedding.getResponse() != null) {
          emit(context, "llm.response", embeddingResponse(embedding));
        }
      } else if (context instanceof ToolCallingObservationContext tool) {
        emit(context, "tool.returned", toolReturned(tool));
      }
    } catch (EventSchemaException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      report(context, e);
    }
  }

  /** Writes inside the observation's operation, whether or not its scope is open here. */
  static void emit(Observation.Context context, String event, Map<String, Object> attributes) {
    Object operation = context.get(OPERATION);
    Logger logger = Logger.get(context.getName() != null ? context.getName() : "spring.ai");
    if (operation instanceof Operation op) {
      try (LoggingScope ignored = op.makeCurrent()) {
        AiAgentEvents.emit(logger, event, attributes);
      }
    } else {
      AiAgentEvents.emit(logger, event, attributes);
    }
  }

  private static void report(Observation.Context context, Throwable error) {
    DIAGNOSTICS.warn("a Spring AI observation could not be described as ai_agent events",
        Attrs.of("observation.name", String.valueOf(context.getName()),
            "exception.type", error.getClass().getName(),
            "exception.message", String.valueOf(error.getMessage())));
  }

  /** gen_ai.system and gen_ai.operation.name of a model call. */
  static Map<String, Object> modelBase(ModelObservationContext<?, ?> context, String model) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    AiOperationMetadata metadata = context.getOperationMetadata();
    attributes.put(GEN_AI_SYSTEM, metadata != null ? metadata.provider() : "unknown");
    attributes.put(GEN_AI_OPERATION_NAME, metadata != null ? metadata.operationType() : "unknown");
    attributes.put(GEN_AI_REQUEST_MODEL, model != null ? model : "unknown");
    return attributes;
  }

  /** The requested model of a chat or embedding call, or {@code null}. */
  static String requestModel(ModelObservationContext<?, ?> context) {
    if (context instanceof ChatModelObservationContext chat) {
      ChatOptions options = chat.getRequest() != null ? chat.getRequest().getOptions() : null;
      return options != null ? options.getModel() : null;
    }
    if (context instanceof EmbeddingModelObservationContext embedding) {
      return embedding.getRequest() != null && embedding.getRequest().getOptions() != null
          ? embedding.getRequest().getOptions().getModel() : null;
    }
    return null;
  }

  private static Map<String, Object> chatRequest(ChatModelObservationContext context) {
    Map<String, Object> attributes = modelBase(context, requestModel(context));
    Prompt prompt = context.getRequest();
    ChatOptions options = prompt != null ? prompt.getOptions() : null;
    if (options != null) {
      putIfSet(attributes, AiAgentKeys.GEN_AI_REQUEST_TEMPERATURE, options.getTemperature());
      putIfSet(attributes, AiAgentKeys.GEN_AI_REQUEST_MAX_TOKENS, options.getMaxTokens());
      putIfSet(attributes, AiAgentKeys.GEN_AI_REQUEST_TOP_P, options.getTopP());
    }
    if (prompt != null) {
      List<Message> messages = prompt.getInstructions();
      for (int i = 0; i < messages.size(); i++) {
        Message message = messages.get(i);
        attributes.put("gen_ai.prompt." + i + ".role",
            message.getMessageType().getValue());
        attributes.put(AiAgentKeys.promptContent(i), nullToEmpty(message.getText()));
      }
    }
    return attributes;
  }

  private static Map<String, Object> chatResponse(ChatModelObservationContext context) {
    ChatResponse response = context.getResponse();
    ChatResponseMetadata metadata = response.getMetadata();
    Map<String, Object> attributes = new LinkedHashMap<>();
    String requested = requestModel(context);
    attributes.put(GEN_AI_RESPONSE_MODEL, metadata != null && metadata.getModel() != null
        && !metadata.getModel().isEmpty() ? metadata.getModel()
        : requested != null ? requested : "unknown");
    putUsage(attributes, metadata != null ? metadata.getUsage() : null);
    List<String> finishReasons = new ArrayList<>();
    List<Generation> results = response.getResults();
    for (int i = 0; i < results.size(); i++) {
      Generation generation = results.get(i);
      if (generation.getMetadata() != null && generation.getMetadata().getFinishReason() != null) {
        finishReasons.add(generation.getMetadata().getFinishReason().toLowerCase(Locale.ROOT));
      }
      AssistantMessage output = generation.getOutput();
      if (output != null) {
        attributes.put(AiAgentKeys.completionContent(i), nullToEmpty(output.getText()));
        if (output.hasToolCalls()) {
          List<Map<String, Object>> calls = new ArrayList<>();
          for (AssistantMessage.ToolCall call : output.getToolCalls()) {
            calls.add(Map.of("id", nullToEmpty(call.id()), "name", nullToEmpty(call.name())));
          }
          attributes.put("gen_ai.completion." + i + ".tool_calls", calls);
        }
      }
    }
    attributes.put(GEN_AI_RESPONSE_FINISH_REASONS, finishReasons);
    if (metadata != null && metadata.getId() != null && !metadata.getId().isEmpty()) {
      attributes.put(GEN_AI_RESPONSE_ID, metadata.getId());
    }
    attributes.put(GEN_AI_SYSTEM, modelBase(context, null).get(GEN_AI_SYSTEM));
    attributes.put(GEN_AI_REQUEST_MODEL, requested != null ? requested : "unknown");
    attributes.put("operation.duration_ms", elapsedMillis(context));
    return attributes;
  }

  private static Map<String, Object> embeddingRequest(EmbeddingModelObservationContext context) {
    Map<String, Object> attributes = modelBase(context, requestModel(context));
    if (context.getRequest() != null && context.getRequest().getInstructions() != null) {
      attributes.put("gen_ai.request.input_count", context.getRequest().getInstructions().size());
    }
    return attributes;
  }

  private static Map<String, Object> embeddingResponse(EmbeddingModelObservationContext context) {
    EmbeddingResponse response = context.getResponse();
    Map<String, Object> attributes = new LinkedHashMap<>();
    String requested = requestModel(context);
    String model = response.getMetadata() != null ? response.getMetadata().getModel() : null;
    attributes.put(GEN_AI_RESPONSE_MODEL, model != null && !model.isEmpty() ? model
        : requested != null ? requested : "unknown");
    putUsage(attributes, response.getMetadata() != null ? response.getMetadata().getUsage()
        : null);
    attributes.put(GEN_AI_RESPONSE_FINISH_REASONS, List.of());
    attributes.put(GEN_AI_REQUEST_MODEL, requested != null ? requested : "unknown");
    attributes.put("operation.duration_ms", elapsedMillis(context));
    return attributes;
  }

  private static Map<String, Object> toolCalled(ToolCallingObservationContext context) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put(GEN_AI_TOOL_NAME, context.getToolDefinition().name());
    attributes.put(GEN_AI_TOOL_CALL_ID, nullToEmpty(context.getToolCallId()));
    attributes.put(GEN_AI_TOOL_CALL_ARGUMENTS, nullToEmpty(context.getToolCallArguments()));
    return attributes;
  }

  private static Map<String, Object> toolReturned(ToolCallingObservationContext context) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put(GEN_AI_TOOL_NAME, context.getToolDefinition().name());
    attributes.put(GEN_AI_TOOL_CALL_ID, nullToEmpty(context.getToolCallId()));
    attributes.put("operation.duration_ms", elapsedMillis(context));
    Throwable error = context.getError();
    attributes.put("operation.status", error == null ? "ok" : "error");
    if (error != null) {
      attributes.put("error.type", error.getClass().getName());
    } else {
      attributes.put(GEN_AI_TOOL_CALL_RESULT, nullToEmpty(context.getToolCallResult()));
    }
    return attributes;
  }

  private static void putUsage(Map<String, Object> attributes, Usage usage) {
    Integer input = usage != null ? usage.getPromptTokens() : null;
    Integer output = usage != null ? usage.getCompletionTokens() : null;
    attributes.put(GEN_AI_USAGE_INPUT_TOKENS, input != null ? input : 0);
    attributes.put(GEN_AI_USAGE_OUTPUT_TOKENS, output != null ? output : 0);
    Integer total = usage != null ? usage.getTotalTokens() : null;
    if (total != null) {
      attributes.put(GEN_AI_USAGE_TOTAL_TOKENS, total);
    }
  }

  private static long elapsedMillis(Observation.Context context) {
    Object started = context.get(STARTED);
    return started instanceof Long nanos ? (System.nanoTime() - nanos) / 1_000_000 : 0L;
  }

  private static void putIfSet(Map<String, Object> attributes, String key, Object value) {
    if (value != null) {
      attributes.put(key, value);
    }
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
