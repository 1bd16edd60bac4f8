package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.context.OpenTelemetryTraceContext;
import dev.dagstack.logger.context.TraceContext;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Trace context and baggage through the real OpenTelemetry Context API, including every case of
 * the cross-binding fixture {@code trace_context_propagation.json} (auto-inject and
 * explicit-ctx modes).
 */
class TraceContextTest {

  static final String SAMPLE_TRACE_ID = "0123456789abcdef0123456789abcdef";
  static final String SAMPLE_SPAN_ID = "0123456789abcdef";

  private final InMemorySink sink = new InMemorySink(100);
  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  static Context sampleSpan() {
    return spanContext(SAMPLE_TRACE_ID, SAMPLE_SPAN_ID);
  }

  static Context spanContext(String traceId, String spanId) {
    SpanContext span = SpanContext.create(traceId, spanId, TraceFlags.getSampled(),
        TraceState.getDefault());
    return Context.root().with(Span.wrap(span));
  }

  private void configure(boolean autoInject) {
    Logger.configure(LoggerConfiguration.builder().sinks(sink)
        .autoInjectTraceContext(autoInject).build());
  }

  private LogRecord last() {
    List<LogRecord> records = sink.records();
    return records.get(records.size() - 1);
  }

  private void assertSampleIds(LogRecord record) {
    assertThat(record.traceId()).isEqualTo(SAMPLE_TRACE_ID);
    assertThat(record.spanId()).isEqualTo(SAMPLE_SPAN_ID);
    assertThat(record.traceFlags()).isEqualTo(1);
  }

  private void assertNoTraceFields(LogRecord record) {
    assertThat(record.traceId()).isNull();
    assertThat(record.spanId()).isNull();
    assertThat(record.traceFlags()).isZero();
  }

  // --- trace_context_propagation.json, one test per case ---

  @Test
  void autoInjectDefaultTrueWithActiveSpan() {
    configure(true);
    try (Scope ignored = sampleSpan().makeCurrent()) {
      Logger.get("conformance").info("ping");
    }
    assertSampleIds(last());
  }

  @Test
  void autoInjectIsTheDefault() {
    assertThat(LoggerConfiguration.builder().build().autoInjectTraceContext()).isTrue();
  }

  @Test
  void autoInjectDisabledWithActiveSpan() {
    configure(false);
    try (Scope ignored = sampleSpan().makeCurrent()) {
      Logger.get("conformance").info("ping");
    }
    assertNoTraceFields(last());
  }

  @Test
  void explicitCtxWithActiveSpan() {
    configure(false);
    try (Scope ignored = sampleSpan().makeCurrent()) {
      Logger.get("conformance").withContext(sampleSpan()).info("ping");
    }
    assertSampleIds(last());
  }

  @Test
  void explicitCtxWithNilContext() {
    configure(false);
    try (Scope ignored = sampleSpan().makeCurrent()) {
      Logger.get("conformance").info("ping");
      Logger.get("conformance").withContext(null).info("ping");
    }
    // A null explicit context never falls back to the ambient one, even with auto-inject on.
    configure(true);
    try (Scope ignored = sampleSpan().makeCurrent()) {
      Logger.get("conformance").withContext(null).info("ping");
    }
    assertThat(sink.records()).hasSize(3).allSatisfy(this::assertNoTraceFields);
  }

  @Test
  void withoutContextOptOut() {
    configure(true);
    try (Scope ignored = sampleSpan().makeCurrent()) {
      Logger.get("conformance").withoutContext().info("ping");
    }
    assertNoTraceFields(last());
  }

  @Test
  void noActiveSpanNoInjection() {
    configure(true);
    Logger.get("conformance").info("ping");
    assertNoTraceFields(last());
  }

  @Test
  void autoInjectWithoutContextNoSpan() {
    configure(true);
    Logger.get("conformance").withoutContext().info("ping");
    assertNoTraceFields(last());
  }

  @Test
  void explicitCtxWithFlagTrueNoOp() {
    configure(true);
    Context other = spanContext("ffffffffffffffffffffffffffffffff", "ffffffffffffffff");
    try (Scope ignored = other.makeCurrent()) {
      Logger.get("conformance").withContext(sampleSpan()).info("ping");
    }
    assertSampleIds(last());
  }

  // --- beyond the fixture ---

  @Test
  void nestedSpansUseTheInnerIdsWhileCurrentAndTheOuterAgainAfter() {
    configure(true);
    Logger logger = Logger.get("nested");
    String innerSpanId = "1111111111111111";
    try (Scope outer = sampleSpan().makeCurrent()) {
      logger.info("outer");
      try (Scope inner = spanContext(SAMPLE_TRACE_ID, innerSpanId).makeCurrent()) {
        logger.info("inner");
      }
      logger.info("outer again");
    }
    logger.info("no span");
    assertThat(sink.records()).extracting(LogRecord::spanId)
        .containsExactly(SAMPLE_SPAN_ID, innerSpanId, SAMPLE_SPAN_ID, null);
  }

  @Test
  void unsampledSpanHasIdsAndNoFlags() {
    configure(true);
    SpanContext unsampled = SpanContext.create(SAMPLE_TRACE_ID, SAMPLE_SPAN_ID,
        TraceFlags.getDefault(), TraceState.getDefault());
    try (Scope ignored = Context.root().with(Span.wrap(unsampled)).makeCurrent()) {
      Logger.get("x").info("ping");
    }
    assertThat(last().traceId()).isEqualTo(SAMPLE_TRACE_ID);
    assertThat(last().traceFlags()).isZero();
  }

  @Test
  void allowListedBaggageBecomesAttributesUnlessTheRecordSetsThem() {
    Logger.configure(LoggerConfiguration.builder().sinks(sink)
        .baggageKeys(List.of("tenant.id", "request.id")).build());
    Context context = Baggage.builder()
        .put("tenant.id", "acme")
        .put("request.id", "from-baggage")
        .put("user.secret_thing", "not allow-listed")
        .build()
        .storeInContext(Context.root());
    Logger logger = Logger.get("baggage");
    try (Scope ignored = context.makeCurrent()) {
      logger.info("auto", Attrs.of("request.id", "call-site"));
      logger.with(Attrs.of("tenant.id", "bound")).info("bound wins");
      logger.withoutContext().info("no baggage");
    }
    logger.withContext(context).info("explicit");

    assertThat(sink.records().get(0).attributes()).isEqualTo(
        Map.of("tenant.id", "acme", "request.id", "call-site"));
    assertThat(sink.records().get(0).traceId()).isNull();
    assertThat(sink.records().get(1).attributes()).containsEntry("tenant.id", "bound");
    assertThat(sink.records().get(2).attributes()).isEmpty();
    assertThat(sink.records().get(3).attributes()).isEqualTo(
        Map.of("tenant.id", "acme", "request.id", "from-baggage"));
  }

  @Test
  void theProviderIsPluggable() {
    TraceContext fixed = new TraceContext(SAMPLE_TRACE_ID, SAMPLE_SPAN_ID, 1,
        Map.of("user.id", "42"));
    Logger.configure(LoggerConfiguration.builder().sinks(sink)
        .traceContextProvider(() -> fixed).build());
    Logger.get("provider").info("ping");
    assertSampleIds(last());
    assertThat(last().attributes()).containsEntry("user.id", "42");
  }

  @Test
  void aProviderThatThrowsOrReturnsBadIdsCostsOnlyTheTraceFields() {
    Logger.configure(LoggerConfiguration.builder().sinks(sink)
        .traceContextProvider(() -> {
          throw new IllegalStateException("tracer gone");
        }).build());
    Logger.get("provider").info("thrown");
    Logger.configure(LoggerConfiguration.builder().sinks(sink)
        .traceContextProvider(() -> new TraceContext("ABC", "00", 1, null)).build());
    Logger.get("provider").info("bad ids");
    assertThat(sink.records()).extracting(LogRecord::body).containsExactly("thrown", "bad ids");
    assertThat(sink.records()).allSatisfy(this::assertNoTraceFields);
    assertThat(diagnostics.messages()).hasSize(2);
  }

  @Test
  void openTelemetryTraceContextReadsIdsFlagsAndBaggage() {
    assertThat(OpenTelemetryTraceContext.from(null)).isSameAs(TraceContext.EMPTY);
    assertThat(OpenTelemetryTraceContext.from(Context.root())).isSameAs(TraceContext.EMPTY);
    TraceContext read = OpenTelemetryTraceContext.from(
        Baggage.builder().put("k", "v").build().storeInContext(sampleSpan()));
    assertThat(read).isEqualTo(new TraceContext(SAMPLE_TRACE_ID, SAMPLE_SPAN_ID, 1,
        Map.of("k", "v")));
    try (Scope ignored = sampleSpan().makeCurrent()) {
      assertThat(OpenTelemetryTraceContext.provider().current().hasSpan()).isTrue();
    }
  }

  @Test
  void idsAProviderGetsWrongAreLeftOutAndReported() {
    Logger.configure(LoggerConfiguration.builder().sinks(sink)
        .traceContextProvider(() -> new TraceContext(SAMPLE_TRACE_ID.toUpperCase(java.util.Locale.ROOT),
            SAMPLE_SPAN_ID, 1, java.util.Map.of()))
        .build());

    Logger.get("provider").info("ping");

    assertThat(last().traceId()).isNull();
    assertThat(last().spanId()).isNull();
    assertThat(last().traceFlags()).isZero();
    assertThat(diagnostics.messages())
        .anySatisfy(message -> assertThat(message).contains("invalid ids or flags"));
  }
}
