package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.context.ScopeSnapshot;
import dev.dagstack.logger.convention.ConventionsConfig;
import dev.dagstack.logger.convention.Operation;
import dev.dagstack.logger.convention.OperationKind;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Operations (spec §5.1): attributes on every record, closing status and duration, spans. */
class OperationTest {

  private final InMemorySink sink = new InMemorySink(1000);
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  private void configure(ConventionsConfig.Builder conventions) {
    Logger.configure(LoggerConfiguration.builder().sinks(sink)
        .conventions(conventions.nanoClock(clock::get).build()).build());
  }

  private LogRecord find(Object body) {
    return sink.records().stream().filter(r -> r.body().equals(body)).findFirst().orElseThrow(
        () -> new AssertionError("no record '" + body + "' in " + sink.records()));
  }

  @Test
  void everyRecordInsideNestedOperationsCarriesTheInnermostOperation() {
    configure(ConventionsConfig.builder());
    Logger logger = Logger.get("orders");
    String outerId;
    String innerId;
    try (Operation outer = logger.operation("import_orders", OperationKind.ADMIN)) {
      outerId = outer.id();
      Logger.get("other.module").info("in outer");
      try (Operation inner = logger.operation("place_order", OperationKind.LIFECYCLE)) {
        innerId = inner.id();
        Logger.root().info("in inner");
      }
      logger.info("back in outer");
    }
    logger.info("after");

    assertThat(UUID.fromString(outerId)).isNotNull();
    assertThat(innerId).isNotEqualTo(outerId);
    assertThat(find("in outer").attributes()).containsEntry("operation.name", "import_orders")
        .containsEntry("operation.id", outerId).containsEntry("operation.kind", "admin")
        .doesNotContainKey("operation.parent.id");
    assertThat(find("in inner").attributes()).containsEntry("operation.name", "place_order")
        .containsEntry("operation.id", innerId).containsEntry("operation.kind", "lifecycle")
        .containsEntry("operation.parent.id", outerId);
    assertThat(find("back in outer").attributes()).containsEntry("operation.id", outerId)
        .doesNotContainKey("operation.parent.id");
    assertThat(find("after").attributes()).doesNotContainKeys("operation.id", "operation.name");
    assertThat(sink.records()).extracting(LogRecord::body).containsExactly(
        "operation started", "in outer", "operation started", "in inner", "operation completed",
        "back in outer", "operation completed", "after");
    LogRecord started = sink.records().get(0);
    assertThat(started.severityNumber()).isEqualTo(Severity.INFO);
    assertThat(started.attributes()).containsEntry("event.domain", "progress")
        .containsEntry("event.name", "started").containsEntry("operation.id", outerId);
    assertThat(sink.records().get(4).attributes()).containsEntry("operation.id", innerId)
        .containsEntry("operation.parent.id", outerId).containsEntry("event.name", "completed");
  }

  @Test
  void tasksHandedOffWithTheScopeSnapshotCarryTheOperation() throws Exception {
    configure(ConventionsConfig.builder());
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (Operation operation = Logger.get("jobs").operation("reindex", OperationKind.INDEXING)) {
      ScopeSnapshot snapshot = ScopeSnapshot.capture();
      executor.submit(() -> {
        try (ScopeSnapshot.Restore ignored = snapshot.makeCurrent()) {
          Logger.get("jobs.worker").info("on the worker");
        }
        Logger.get("jobs.worker").info("worker, no snapshot");
      }).get(10, TimeUnit.SECONDS);
      assertThat(find("on the worker").attributes())
          .containsEntry("operation.id", operation.id())
          .containsEntry("operation.name", "reindex");
    } finally {
      executor.shutdownNow();
    }
    assertThat(find("worker, no snapshot").attributes()).doesNotContainKey("operation.id");
  }

  @Test
  void closingRecordCarriesStatusAndMonotonicDuration() {
    configure(ConventionsConfig.builder());
    Logger logger = Logger.get("orders");
    try (Operation ok = logger.operation("ok_op", OperationKind.LIFECYCLE)) {
      clock.addAndGet(1_234_999_999L);
    }
    IllegalStateException boom = new IllegalStateException("card declined");
    try (Operation failed = logger.operation("failed_op", OperationKind.LIFECYCLE)) {
      clock.addAndGet(7_000_000L);
      failed.fail(boom);
    }
    try (Operation cancelled = logger.operation("cancelled_op", OperationKind.QUERY)) {
      cancelled.cancel();
    }
    try (Operation slow = logger.operation("slow_op", OperationKind.QUERY)) {
      clock.addAndGet(30_000_000_000L);
      slow.timeout();
    }

    LogRecord ok = find("operation completed");
    assertThat(ok.severityNumber()).isEqualTo(Severity.INFO);
    assertThat(ok.attributes()).containsEntry("operation.status", "ok")
        .containsEntry("operation.duration_ms", 1234L).containsEntry("event.name", "completed");
    LogRecord failed = find("operation failed");
    assertThat(failed.severityNumber()).isEqualTo(Severity.ERROR);
    assertThat(failed.attributes()).containsEntry("operation.name", "failed_op")
        .containsEntry("operation.status", "error").containsEntry("operation.duration_ms", 7L)
        .containsEntry("exception.type", "java.lang.IllegalStateException")
        .containsEntry("exception.message", "card declined")
        .containsEntry("event.name", "failed");
    LogRecord cancelled = find("operation cancelled");
    assertThat(cancelled.severityNumber()).isEqualTo(Severity.WARN);
    assertThat(cancelled.attributes()).containsEntry("operation.status", "cancelled")
        .containsEntry("operation.duration_ms", 0L);
    LogRecord timedOut = find("operation timed out");
    assertThat(timedOut.severityNumber()).isEqualTo(Severity.ERROR);
    assertThat(timedOut.attributes()).containsEntry("operation.status", "timeout")
        .containsEntry("operation.duration_ms", 30_000L);
  }

  @Test
  void callbackFormMarksAThrownExceptionAsErrorAndRethrowsIt() {
    configure(ConventionsConfig.builder());
    Logger logger = Logger.get("orders");
    assertThatThrownBy(() -> logger.operation("place_order", OperationKind.LIFECYCLE,
        (Runnable) () -> {
          throw new IllegalArgumentException("quantity must be at least 1");
        })).isInstanceOf(IllegalArgumentException.class);
    String result = logger.operation("lookup", OperationKind.QUERY, () -> "found");

    assertThat(result).isEqualTo("found");
    assertThat(find("operation failed").attributes())
        .containsEntry("operation.name", "place_order")
        .containsEntry("exception.message", "quantity must be at least 1");
    assertThat(find("operation completed").attributes()).containsEntry("operation.name", "lookup");
    assertThat(Operation.currentId()).isNull();
  }

  @Test
  void unknownKindIsReportedOnceAndTheRecordsAreStillWritten() {
    configure(ConventionsConfig.builder().operationKinds(List.of("billing")));
    Logger logger = Logger.get("orders");
    logger.operation("charge", "billing", () -> logger.info("charged"));
    logger.operation("typo", "lifecycel", () -> logger.info("first"));
    logger.operation("typo", "lifecycel", () -> logger.info("second"));

    assertThat(find("charged").attributes()).containsEntry("operation.kind", "billing");
    assertThat(find("second").attributes()).containsEntry("operation.kind", "lifecycel");
    assertThat(diagnostics.messages()).filteredOn(m -> m.contains("operation kind"))
        .singleElement().asString().contains("'lifecycel' is not registered")
        .contains("billing").contains("lifecycle");
  }

  @Test
  void nullNameOrKindIsRefusedAtTheCallSite() {
    configure(ConventionsConfig.builder());
    assertThatThrownBy(() -> Logger.root().operation(null, OperationKind.QUERY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("operation name");
    assertThatThrownBy(() -> Logger.root().operation("x", " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("operation kind");
    assertThatThrownBy(() -> ConventionsConfig.builder().operationKinds(List.of("Bad Kind")))
        .hasMessageContaining("'Bad Kind' must be snake_case");
  }

  @Test
  void opensASpanPerOperationWhenATracerIsConfigured() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build()).build()) {
      configure(ConventionsConfig.builder().openTelemetry(sdk));
      Logger logger = Logger.get("orders");
      String outerId;
      try (Operation outer = logger.operation("import_orders", OperationKind.ADMIN)) {
        outerId = outer.id();
        logger.info("outer work");
        try (Operation inner = logger.operation("place_order", OperationKind.LIFECYCLE)) {
          logger.info("inner work");
          inner.fail(new IllegalStateException("rejected"));
        }
      }

      List<SpanData> spans = exporter.getFinishedSpanItems();
      assertThat(spans).extracting(SpanData::getName)
          .containsExactly("place_order", "import_orders");
      SpanData inner = spans.get(0);
      SpanData outer = spans.get(1);
      assertThat(inner.getParentSpanId()).isEqualTo(outer.getSpanId());
      assertThat(inner.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(inner.getAttributes().asMap().toString())
          .contains("operation.name=place_order", "operation.parent.id=" + outerId,
              "operation.status=error");
      assertThat(outer.getAttributes().asMap().toString())
          .contains("operation.id=" + outerId, "operation.kind=admin", "operation.status=ok");
      LogRecord outerWork = find("outer work");
      assertThat(outerWork.traceId()).isEqualTo(outer.getTraceId());
      assertThat(outerWork.spanId()).isEqualTo(outer.getSpanId());
      assertThat(find("inner work").spanId()).isEqualTo(inner.getSpanId());
      assertThat(find("operation failed").spanId()).isEqualTo(inner.getSpanId());
      assertThat(sink.records().get(0).spanId()).isEqualTo(outer.getSpanId());
    }
  }

  @Test
  void noTracerOrANoopOneMeansNoSpanAndNoTraceFields() {
    configure(ConventionsConfig.builder().openTelemetry(OpenTelemetry.noop()));
    Logger.root().operation("quiet", OperationKind.QUERY, () -> Logger.root().info("inside"));
    configure(ConventionsConfig.builder());
    Logger.root().operation("quiet", OperationKind.QUERY, () -> Logger.root().info("inside 2"));

    assertThat(sink.records()).isNotEmpty().allSatisfy(r -> {
      assertThat(r.traceId()).isNull();
      assertThat(r.spanId()).isNull();
    });
  }
}
