package dev.dagstack.logger.convention;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The AI-agent pack's typed events (spec §5.5): {@code event.domain = "ai_agent"}, names such as
 * {@code llm.request}, {@code llm.response}, {@code llm.retry}, {@code tool.called},
 * {@code tool.returned}. Their schemas are the data file {@code ai_agent.yaml} next to this class,
 * read like any schema file. Required attributes are checked as for {@code Logger.emitEvent};
 * other attributes are allowed (GenAI's are open-ended, e.g. {@code gen_ai.prompt.<N>.content}).
 */
public final class AiAgentEvents {

  /** The event domain. */
  public static final String DOMAIN = "ai_agent";
  /** The namespaces reserved while the pack is enabled. */
  public static final List<String> RESERVED_DOMAINS =
      List.of("gen_ai", "ai_agent", "rag", "agent", "prompt", "mcp");

  private static final String SCHEMA_RESOURCE = "ai_agent.yaml";

  private AiAgentEvents() {}

  /** Whether {@code domain} is one of {@link #RESERVED_DOMAINS} or below one. */
  public static boolean isPackDomain(String domain) {
    // Spelling variants (Gen_AI, " gen_ai") are the pack's domains too.
    String normalized = EventSchemas.normalized(domain);
    for (String reserved : RESERVED_DOMAINS) {
      if (normalized.equals(reserved) || normalized.startsWith(reserved + ".")) {
        return true;
      }
    }
    return false;
  }

  /** The pack's schemas (domain {@code ai_agent}). */
  public static EventSchemas schemas() {
    return Holder.SCHEMAS;
  }

  /**
   * Emits {@code ai_agent.<name>} through {@code logger} at the schema's severity hint. Nothing is
   * written while the pack is disabled. Never throws, except in strict validation mode for a
   * missing required attribute.
   */
  public static void emit(ConventionLogger logger, String name, Map<String, ?> attributes) {
    ConventionsConfig conventions = logger.conventions();
    if (!conventions.aiAgent().enabled()) {
      return;
    }
    EventSchemas schemas;
    try {
      schemas = Holder.SCHEMAS;
    } catch (LinkageError e) {
      Diagnostics.errorLimited("ai_agent-schemas", "the AI-agent pack's schemas could not be"
          + " read; ai_agent events are checked against none", e, Attrs.empty());
      schemas = EventSchemas.empty();
    }
    TypedEvents.emitChecked(logger, null, DOMAIN, name, attributes, schemas,
        conventions.validation() == ValidationMode.STRICT, false);
  }

  /** Read on first use; a broken file is a build defect, so it fails loudly. */
  private static final class Holder {
    static final EventSchemas SCHEMAS = load();

    private static EventSchemas load() {
      try (InputStream in = AiAgentEvents.class.getResourceAsStream(SCHEMA_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the AI-agent schema file " + SCHEMA_RESOURCE
              + " is missing next to " + AiAgentEvents.class.getName());
        }
        return EventSchemas.parsePack(SCHEMA_RESOURCE,
            new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + SCHEMA_RESOURCE, e);
      }
    }
  }
}
