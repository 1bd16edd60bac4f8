package dev.dagstack.logger.convention;

/**
 * Attribute keys of the AI-agent pack (spec §5.5, CONTRACT §11): OpenTelemetry GenAI
 * ({@code gen_ai.*}) and MCP ({@code mcp.*}) names as they are, plus {@code rag.*},
 * {@code agent.*}, {@code prompt.*} and the correlation keys carried in baggage.
 */
public final class AiAgentKeys {

  private AiAgentKeys() {}

  // OpenTelemetry GenAI.
  public static final String GEN_AI_SYSTEM = "gen_ai.system";
  public static final String GEN_AI_OPERATION_NAME = "gen_ai.operation.name";
  public static final String GEN_AI_REQUEST_MODEL = "gen_ai.request.model";
  public static final String GEN_AI_REQUEST_TEMPERATURE = "gen_ai.request.temperature";
  public static final String GEN_AI_REQUEST_MAX_TOKENS = "gen_ai.request.max_tokens";
  public static final String GEN_AI_REQUEST_TOP_P = "gen_ai.request.top_p";
  public static final String GEN_AI_RESPONSE_MODEL = "gen_ai.response.model";
  public static final String GEN_AI_RESPONSE_ID = "gen_ai.response.id";
  public static final String GEN_AI_RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";
  public static final String GEN_AI_USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
  public static final String GEN_AI_USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
  public static final String GEN_AI_USAGE_TOTAL_TOKENS = "gen_ai.usage.total_tokens";
  public static final String GEN_AI_TOOL_NAME = "gen_ai.tool.name";
  public static final String GEN_AI_TOOL_CALL_ID = "gen_ai.tool.call.id";
  public static final String GEN_AI_TOOL_CALL_ARGUMENTS = "gen_ai.tool.call.arguments.content";
  public static final String GEN_AI_TOOL_CALL_RESULT = "gen_ai.tool.call.result.content";
  public static final String GEN_AI_CONVERSATION_ID = "gen_ai.conversation.id";

  // OpenTelemetry MCP.
  public static final String MCP_SERVER_NAME = "mcp.server.name";
  public static final String MCP_METHOD_NAME = "mcp.method.name";
  public static final String MCP_TOOL_NAME = "mcp.tool.name";
  public static final String MCP_REQUEST_ID = "mcp.request.id";
  public static final String MCP_RESPONSE_IS_ERROR = "mcp.response.is_error";
  public static final String MCP_TRANSPORT = "mcp.transport";

  // dagstack additions.
  public static final String RAG_RETRIEVAL_TOP_K = "rag.retrieval.top_k";
  public static final String RAG_RETRIEVAL_MIN_SCORE = "rag.retrieval.min_score";
  public static final String AGENT_ITERATION = "agent.iteration";
  public static final String AGENT_PIPELINE = "agent.pipeline";
  public static final String AGENT_ROLE = "agent.role";
  public static final String AGENT_DECISION = "agent.decision";
  public static final String AGENT_DECISION_RATIONALE = "agent.decision.rationale";
  public static final String PROMPT_TOTAL_TOKENS = "prompt.total_tokens";
  public static final String PROMPT_TOKEN_BUDGET = "prompt.token_budget";
  public static final String RETRY_ATTEMPT = "retry.attempt";
  public static final String RETRY_REASON = "retry.reason";
  public static final String RETRY_BACKOFF_MS = "retry.backoff_ms";

  // Correlation, carried in W3C Baggage (add them to the baggage allow-list).
  public static final String SESSION_ID = "session.id";
  public static final String CONVERSATION_ID = "conversation.id";
  public static final String AGENT_RUN_ID = "agent.run.id";

  /** The key of the {@code index}-th prompt message's text (a body: privacy applies). */
  public static String promptContent(int index) {
    return "gen_ai.prompt." + index + ".content";
  }

  /** The key of the {@code index}-th completion's text (a body: privacy applies). */
  public static String completionContent(int index) {
    return "gen_ai.completion." + index + ".content";
  }
}
