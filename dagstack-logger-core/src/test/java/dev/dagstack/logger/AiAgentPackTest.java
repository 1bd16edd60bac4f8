package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.context.LoggingScope;
import dev.dagstack.logger.convention.AiAgentConfig;
import dev.dagstack.logger.convention.AiAgentEvents;
import dev.dagstack.logger.convention.AiAgentKeys;
import dev.dagstack.logger.convention.ConventionsConfig;
import dev.dagstack.logger.convention.EventSchemaException;
import dev.dagstack.logger.convention.ValidationMode;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AI-agent pack (spec §5.5, CONTRACT §11): events, reserved domains, body privacy. */
class AiAgentPackTest {

  private static final String PROMPT = AiAgentKeys.promptContent(0);

  private final InMemorySink sink = new InMemorySink(1000);
  private final UnaryOperator<String> realEnvironment = Logger.environment;
  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  @AfterEach
  void restoreEnvironment() {
    Logger.environment = realEnvironment;
  }

  private Logger configure(AiAgentConfig.Builder pack, ValidationMode mode) {
    Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.TRACE).sinks(sink)
        .conventions(ConventionsConfig.builder().validation(mode).aiAgent(pack.build()).build())
        .build());
    return Logger.get("assistant");
  }

  private Logger configure(AiAgentConfig.Builder pack) {
    return configure(pack, ValidationMode.STRICT);
  }

  private static String sha256Prefix(String salt, String value) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(salt.getBytes(StandardCharsets.UTF_8));
    byte[] digest = sha.digest(value.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, 8);
  }

  @Test
  void packEventsCarryTheDomainAndSchemaAndCheckRequiredAttributes() {
    Logger logger = configure(AiAgentConfig.builder().enabled(true));
    AiAgentEvents.emit(logger, "llm.request", Map.of(AiAgentKeys.GEN_AI_SYSTEM, "openai",
        AiAgentKeys.GEN_AI_REQUEST_MODEL, "gpt-4o-mini", AiAgentKeys.GEN_AI_OPERATION_NAME, "chat",
        AiAgentKeys.promptContent(12), "hello"));
    LogRecord request = sink.records().get(0);
    assertThat(request.body()).isEqualTo("llm.request");
    assertThat(request.attributes()).containsEntry("event.domain", "ai_agent")
        .containsEntry("event.name", "llm.request").containsEntry("event.schema_version", 1L)
        .containsEntry("gen_ai.request.model", "gpt-4o-mini");

    assertThatThrownBy(() -> AiAgentEvents.emit(logger, "llm.response",
        Map.of(AiAgentKeys.GEN_AI_RESPONSE_MODEL, "m")))
        .isInstanceOf(EventSchemaException.class)
        .hasMessageContaining("gen_ai.usage.input_tokens")
        .hasMessageContaining("ai_agent.yaml");
  }

  @Test
  void everyContractEventHasASchemaWithItsRequiredAttributes() {
    assertThat(AiAgentEvents.schemas().find("ai_agent", "llm.retry").orElseThrow()
        .requiredAttributes()).containsExactly("gen_ai.request.model", "retry.attempt",
            "retry.reason", "retry.backoff_ms");
    for (String name : List.of("context.assembled", "llm.request", "llm.response", "llm.retry",
        "tool.called", "tool.returned", "retrieval.requested", "retrieval.completed",
        "iteration.started", "iteration.completed", "decision", "session.started",
        "session.completed")) {
      assertThat(AiAgentEvents.schemas().find("ai_agent", name)).as(name).isPresent();
    }
  }

  @Test
  void reservesItsDomainsOnlyWhileEnabled() {
    Logger off = configure(AiAgentConfig.builder().enabled(false), ValidationMode.REPORT);
    AiAgentEvents.emit(off, "llm.request", Map.of());
    off.emitEvent("gen_ai.custom", "thing", Map.of());
    assertThat(sink.records()).hasSize(1);
    assertThat(sink.records().get(0).attributes()).containsEntry("event.domain", "gen_ai.custom");

    Logger on = configure(AiAgentConfig.builder().enabled(true));
    assertThatThrownBy(() -> on.emitEvent("gen_ai.custom", "thing", Map.of()))
        .isInstanceOf(EventSchemaException.class).hasMessageContaining("reserved by the AI-agent");
    assertThatThrownBy(() -> on.emitEvent("mcp", "call", Map.of()))
        .isInstanceOf(EventSchemaException.class);
  }

  @Test
  void aPackDomainRefusedInReportModeIsStillWrittenAsAPlainRecord() {
    Logger on = configure(AiAgentConfig.builder().enabled(true), ValidationMode.REPORT);
    on.emitEvent("gen_ai.custom", "thing", Map.of("order.id", 7, "event.name", "claimed"));
    assertThat(sink.records()).hasSize(1);
    assertThat(sink.records().get(0).attributes())
        .containsEntry("dagstack.event.rejected",
            "domain gen_ai.custom is reserved by the AI-agent pack")
        .containsEntry("order.id", 7L)
        .doesNotContainKey("event.domain").doesNotContainKey("event.name");

    // Spelling variants of reserved domains are reserved too.
    for (String variant : List.of("Gen_AI", " gen_ai", "MCP.tools", "Progress", " dagstack.x")) {
      on.emitEvent(variant, "thing", Map.of());
    }
    assertThat(sink.records()).hasSize(6).allSatisfy(record -> assertThat(record.attributes())
        .containsKey("dagstack.event.rejected").doesNotContainKey("event.domain"));

    // Strict mode writes nothing, and its error does not claim otherwise.
    Logger strict = configure(AiAgentConfig.builder().enabled(true), ValidationMode.STRICT);
    assertThatThrownBy(() -> strict.emitEvent("mcp", "call", Map.of()))
        .isInstanceOf(EventSchemaException.class)
        .message().doesNotContain("written as a plain record");
    assertThatThrownBy(() -> strict.emitEvent(null, "call", Map.of()))
        .message().contains("domain is null").doesNotContain("written as a plain record");
    assertThat(sink.records()).hasSize(6);
  }

  @Test
  void privacyDefaultsEmptyTheBodyAndAddAnUnsaltedHash() throws Exception {
    Logger logger = configure(AiAgentConfig.builder().enabled(true));
    logger.info("asked", Attrs.of(PROMPT, "What is 2+2?", "doc.markdown", "# hi",
        "answer.html", 42, "gen_ai.request.model", "m"));
    Map<String, Object> attributes = sink.records().get(0).attributes();
    assertThat(attributes).containsEntry(PROMPT, "").containsEntry("doc.markdown", "")
        .containsEntry("answer.html", "").containsEntry("gen_ai.request.model", "m")
        .containsEntry(PROMPT + ".hash", sha256Prefix("", "What is 2+2?"))
        .containsEntry("answer.html.hash", sha256Prefix("", "42"))
        .doesNotContainKey(PROMPT + "_truncated");
    assertThat((String) attributes.get(PROMPT + ".hash")).matches("[0-9a-f]{16}");
  }

  @Test
  void bodiesBelowMapsAndListsAreEmptiedToo() {
    Logger logger = configure(AiAgentConfig.builder().enabled(true));
    logger.info("nested", Map.of(
        "gen_ai", Map.of("prompt", Map.of("0", Map.of("content", "NESTED PROMPT"))),
        "nested", Map.of("inner.content", "NESTED SECRET", "deep", Map.of("z.content", "DEEP")),
        "list", List.of(Map.of("a.content", "LIST SECRET"))));
    String written = String.valueOf(sink.records().get(0).attributes());
    assertThat(written).doesNotContain("NESTED PROMPT", "NESTED SECRET", "DEEP", "LIST SECRET")
        .contains("content.hash", "inner.content.hash", "z.content.hash", "a.content.hash");
  }

  @Test
  void saltChangesTheHashAndNeverReachesARecord() throws Exception {
    Logger logger = configure(AiAgentConfig.builder().enabled(true).bodyHashSalt("pepper-42"));
    logger.info("asked", Attrs.of(PROMPT, "What is 2+2?"));
    String salted = (String) sink.records().get(0).attributes().get(PROMPT + ".hash");
    assertThat(salted).isEqualTo(sha256Prefix("pepper-42", "What is 2+2?"))
        .isNotEqualTo(sha256Prefix("", "What is 2+2?"));
    assertThat(Logger.configuration().toString()).doesNotContain("pepper-42");
    assertThat(sink.records().toString()).doesNotContain("pepper-42");
  }

  @Test
  void hashingCanBeTurnedOff() {
    Logger logger = configure(AiAgentConfig.builder().enabled(true).hashBodies(false));
    logger.info("asked", Attrs.of(PROMPT, "What is 2+2?"));
    assertThat(sink.records().get(0).attributes()).containsEntry(PROMPT, "")
        .doesNotContainKey(PROMPT + ".hash");
  }

  @Test
  void capturedBodiesAreCutOnAUtf8Boundary() throws Exception {
    Logger logger = configure(AiAgentConfig.builder().enabled(true).captureBodies(true)
        .maxBodyBytes(10));
    // "aé€😀" is 1 + 2 + 3 + 4 bytes; cutting at 10 bytes keeps all, at 9 or 7 drops the emoji.
    String text = "aé€😀zz";
    logger.info("asked", Attrs.of(PROMPT, text, "short.content", "ok"));
    Map<String, Object> attributes = sink.records().get(0).attributes();
    assertThat(attributes).containsEntry(PROMPT, "aé€😀").containsEntry(PROMPT + "_truncated", true)
        .containsEntry(PROMPT + "_original_bytes", 12L)
        .containsEntry(PROMPT + ".hash", sha256Prefix("", text))
        .containsEntry("short.content", "ok").doesNotContainKey("short.content_truncated");

    configure(AiAgentConfig.builder().enabled(true).captureBodies(true).maxBodyBytes(9));
    logger.info("asked", Attrs.of(PROMPT, text));
    assertThat(sink.records().get(1).attributes()).containsEntry(PROMPT, "aé€")
        .containsEntry(PROMPT + "_original_bytes", 12L);
    configure(AiAgentConfig.builder().enabled(true).captureBodies(true).maxBodyBytes(2));
    logger.info("asked", Attrs.of(PROMPT, "€"));
    assertThat(sink.records().get(2).attributes()).containsEntry(PROMPT, "");
  }

  @Test
  void rejectsANonPositiveMaxBodyBytes() {
    assertThatThrownBy(() -> AiAgentConfig.builder().maxBodyBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ai_agent.max_body_bytes").hasMessageContaining("got 0");
  }

  @Test
  void packOffLeavesBodiesAlone() {
    Logger logger = configure(AiAgentConfig.builder().enabled(false));
    logger.info("asked", Attrs.of(PROMPT, "What is 2+2?"));
    assertThat(sink.records().get(0).attributes()).containsEntry(PROMPT, "What is 2+2?")
        .doesNotContainKey(PROMPT + ".hash");
  }

  @Test
  void theDiagnosticChannelIsNeverProcessed() {
    configure(AiAgentConfig.builder().enabled(true));
    dev.dagstack.logger.diagnostic.Diagnostics.warn("problem", Attrs.of("x.content", "kept"));
    assertThat(diagnostics.records().get(diagnostics.records().size() - 1).attributes())
        .containsEntry("x.content", "kept");
  }

  @Test
  void debugSwitchCapturesProcessWideAndIsReportedAtStartup() {
    Logger.environment = name -> name.equals("DAGSTACK_DEBUG_AI") ? "TRUE" : null;
    Logger logger = configure(AiAgentConfig.builder().enabled(true));
    logger.info("asked", Attrs.of(PROMPT, "What is 2+2?"));
    assertThat(sink.records().get(0).attributes()).containsEntry(PROMPT, "What is 2+2?");
    assertThat(diagnostics.messages()).anySatisfy(m -> assertThat(m)
        .contains("DAGSTACK_DEBUG_AI=true").contains("captured process-wide"));
  }

  @Test
  void aScopeCapturesForItsOwnContextOnly() throws Exception {
    Logger logger = configure(AiAgentConfig.builder().enabled(true));
    int requests = 50;
    int debugged = 3;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch allInside = new CountDownLatch(8);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int i = 0; i < requests; i++) {
        int request = i;
        done.add(pool.submit(() -> {
          LoggingScope.Builder scope = LoggingScope.builder()
              .attributes(Attrs.of("request.id", "r" + request));
          if (request == debugged) {
            scope.captureBodies();
          }
          try (LoggingScope ignored = scope.open()) {
            if (request < 8) {
              // The first eight overlap: each waits until all eight have opened their scope.
              allInside.countDown();
              allInside.await(10, TimeUnit.SECONDS);
            }
            logger.info("asked", Attrs.of(PROMPT, "question " + request));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(sink.records()).hasSize(requests);
    for (LogRecord record : sink.records()) {
      String id = (String) record.attributes().get("request.id");
      String expected = id.equals("r" + debugged) ? "question " + debugged : "";
      assertThat(record.attributes()).as(id).containsEntry(PROMPT, expected)
          .containsKey(PROMPT + ".hash");
    }
  }

  @Test
  void bodiesAddedByAProcessorAreStillEmptiedBeforeAnySink() {
    Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.TRACE).sinks(sink)
        .conventions(ConventionsConfig.builder()
            .aiAgent(AiAgentConfig.builder().enabled(true).build()).build())
        .processors(record -> record.toBuilder()
            .attributes(record.attributes().with(PROMPT, "the user's private question")).build())
        .build());
    Logger.get("assistant").info("llm.request");
    // Body privacy runs after the processor chain: what a processor adds is emptied too.
    assertThat(sink.records()).singleElement()
        .satisfies(r -> assertThat(r.attributes()).containsEntry(PROMPT, ""));
  }
}
