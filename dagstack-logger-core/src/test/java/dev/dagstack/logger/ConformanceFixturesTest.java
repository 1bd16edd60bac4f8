package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Values;
import dev.dagstack.logger.redaction.RedactionConfig;
import dev.dagstack.logger.sink.InMemorySink;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the cross-binding fixture files themselves when the folder named by the system property
 * {@code dagstack.conformance.dir} exists (set by the build to {@code ../shared/conformance}
 * beside the checkout). Skipped when it does not, except under CI ({@code CI=true}), where the
 * folder is always laid out and a missing one must not pass unnoticed. The same cases are also
 * written out as Java tests in {@link TraceContextTest} and {@link RedactionTest}.
 */
class ConformanceFixturesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  private static JsonNode fixture(String file) {
    String dir = System.getProperty("dagstack.conformance.dir");
    assumeTrue(dir != null, "dagstack.conformance.dir is not set");
    Path path = Path.of(dir, file);
    if ("true".equals(System.getenv("CI"))) {
      assertThat(path).as("conformance fixture under CI").isRegularFile();
    }
    assumeTrue(Files.isRegularFile(path), "no conformance fixture at " + path);
    return JSON.readTree(path.toFile());
  }

  @Test
  void traceContextPropagationFixture() {
    JsonNode fixture = fixture("trace_context_propagation.json");
    String traceId = fixture.get("_sample_trace_id").asString();
    String spanId = fixture.get("_sample_span_id").asString();
    int traceFlags = fixture.get("_sample_trace_flags").asInt();
    Context span = Context.root().with(Span.wrap(SpanContext.create(traceId, spanId,
        TraceFlags.fromByte((byte) traceFlags), TraceState.getDefault())));
    List<String> ran = new ArrayList<>();

    for (JsonNode testCase : fixture.get("cases")) {
      String name = testCase.get("name").asString();
      JsonNode emit = testCase.get("emit");
      assertThat(emit.get("method").asString()).as(name).isEqualTo("info");
      InMemorySink sink = new InMemorySink(10);
      Logger.configure(LoggerConfiguration.builder().sinks(sink)
          .autoInjectTraceContext(testCase.get("config").get("auto_inject_trace_context").asBoolean())
          .build());
      Logger logger = Logger.get("conformance.trace");
      if (emit.path("via_without_context").asBoolean(false)) {
        logger = logger.withoutContext();
      }
      if (emit.get("use_ctx_variant").asBoolean()) {
        logger = logger.withContext(span);
      }
      if (testCase.get("with_active_span").asBoolean()) {
        try (Scope ignored = span.makeCurrent()) {
          logger.info(emit.get("body").asString());
        }
      } else {
        logger.info(emit.get("body").asString());
      }

      LogRecord record = sink.records().get(0);
      Map<String, Object> fields = new java.util.HashMap<>();
      fields.put("trace_id", record.traceId());
      fields.put("span_id", record.spanId());
      fields.put("trace_flags", record.traceFlags() == 0 ? null : record.traceFlags());
      JsonNode expected = testCase.get("expected");
      for (JsonNode absent : expected.path("fields_absent")) {
        assertThat(fields.get(absent.asString())).as(name + ": " + absent.asString()).isNull();
      }
      for (String field : List.of("trace_id", "span_id", "trace_flags")) {
        if (expected.has(field)) {
          Object want = fixture.get(expected.get(field).asString()).isInt()
              ? (Object) fixture.get(expected.get(field).asString()).asInt()
              : fixture.get(expected.get(field).asString()).asString();
          assertThat(fields.get(field)).as(name + ": " + field).isEqualTo(want);
        }
      }
      ran.add(name);
    }
    assertThat(ran).hasSize(fixture.get("cases").size()).isNotEmpty();
  }

  @Test
  void redactionExtraSuffixesFixture() {
    JsonNode fixture = fixture("redaction_extra_suffixes.json");
    for (JsonNode testCase : fixture.get("cases")) {
      String name = testCase.get("name").asString();
      InMemorySink sink = new InMemorySink(10);
      Logger.configure(LoggerConfiguration.builder().sinks(sink)
          .redaction(redaction(testCase.get("config").get("redaction"))).build());
      Logger.get("conformance.redaction").info("body", toJava(testCase.get("input")));
      assertThat(sink.records().get(0).attributes()).as(name)
          .isEqualTo(Values.canonical(toJava(testCase.get("expected"))));
    }
    for (JsonNode failure : fixture.get("validation_failures")) {
      String expectedError = failure.get("expected_error").asString();
      assertThatThrownBy(() -> redaction(failure.get("config").get("redaction")))
          .as(failure.get("name").asString())
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase(expectedError));
    }
  }

  private static RedactionConfig redaction(JsonNode node) {
    List<String> suffixes = new ArrayList<>();
    for (JsonNode suffix : node.get("extra_suffixes")) {
      suffixes.add(suffix.asString());
    }
    return new RedactionConfig(suffixes, node.path("replace_defaults").asBoolean(false));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> toJava(JsonNode node) {
    return JSON.treeToValue(node, Map.class);
  }
}
