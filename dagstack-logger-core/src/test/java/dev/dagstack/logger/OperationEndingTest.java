package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.convention.ConventionsConfig;
import dev.dagstack.logger.convention.Operation;
import dev.dagstack.logger.convention.OperationKind;
import dev.dagstack.logger.convention.OperationStatus;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How operations end (spec §5.1): out-of-order closes, calls after close, competing terminal
 * statuses, and the stack trace on the closing record.
 */
class OperationEndingTest {

  private final InMemorySink sink = new InMemorySink(1000);
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  private Logger configure() {
    Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.DEBUG).sinks(sink)
        .conventions(ConventionsConfig.builder().nanoClock(clock::get).build()).build());
    return Logger.get("orders");
  }

  private List<LogRecord> closing() {
    return sink.records().stream()
        .filter(r -> r.attributes().containsKey("operation.status")).toList();
  }

  @Test
  void closingOutOfOrderCarriesTheOperationsOwnAttributes() {
    Logger logger = configure();
    try (LoggingScopeHolder request = new LoggingScopeHolder("req-1")) {
      Operation o1 = logger.operation("first", OperationKind.ADMIN);
      Operation o2 = logger.operation("second", OperationKind.ADMIN);
      o1.close();
      o2.close();
      LogRecord firstClosing = closing().get(0);
      assertThat(firstClosing.attributes()).containsEntry("operation.id", o1.id())
          .containsEntry("operation.name", "first").containsEntry("request.id", "req-1")
          .doesNotContainKey("operation.parent.id");
      assertThat(closing().get(1).attributes()).containsEntry("operation.id", o2.id())
          .containsEntry("operation.parent.id", o1.id());
    }
  }

  @Test
  void progressAndFailAfterCloseWriteNothingAndAreReportedOnce() {
    Logger logger = configure();
    Operation operation = logger.operation("sync", OperationKind.ADMIN);
    operation.close();
    int written = sink.records().size();
    operation.progress(5, 10, "items");
    operation.fail(new IllegalStateException("late"));
    operation.progress(6);
    assertThat(sink.records()).hasSize(written);
    assertThat(operation.status()).isEqualTo(OperationStatus.OK);
    assertThat(diagnostics.messages()).singleElement().asString()
        .contains("'sync'").contains("progress(5) after close() is ignored");
  }

  @Test
  void theFirstTerminalStatusWinsAndKeepsItsException() {
    Logger logger = configure();
    try (Operation operation = logger.operation("import", OperationKind.ADMIN)) {
      operation.fail(new IllegalStateException("disk full"));
      operation.cancel();
      operation.timeout();
      assertThat(operation.status()).isEqualTo(OperationStatus.ERROR);
    }
    assertThat(closing()).singleElement().satisfies(r -> {
      assertThat(r.body()).isEqualTo("operation failed");
      assertThat(r.attributes()).containsEntry("operation.status", "error")
          .containsEntry("exception.type", "java.lang.IllegalStateException")
          .containsEntry("exception.message", "disk full").containsKey("exception.stacktrace");
    });
    assertThat(diagnostics.messages()).singleElement().asString()
        .contains("cancel() ignored").contains("status error");
  }

  @Test
  void failWithNullIsAnErrorAndIsReported() {
    Logger logger = configure();
    try (Operation operation = logger.operation("import", OperationKind.ADMIN)) {
      operation.fail(null);
    }
    assertThat(closing()).singleElement().satisfies(r -> assertThat(r.attributes())
        .containsEntry("operation.status", "error").doesNotContainKey("exception.type"));
    assertThat(diagnostics.messages()).singleElement().asString()
        .contains("null exception");
  }

  @Test
  void aThrowableLoggedInsideTheOperationIsNotWrittenTwiceWithItsStackTrace() {
    Logger logger = configure();
    IllegalArgumentException rejected = new IllegalArgumentException("quantity must be > 0");
    IllegalArgumentException other = new IllegalArgumentException("other");
    try (Operation operation = logger.operation("place_order", OperationKind.LIFECYCLE)) {
      logger.exception(rejected);
      operation.fail(rejected);
    }
    try (Operation operation = logger.operation("place_order", OperationKind.LIFECYCLE)) {
      logger.exception(other);
      operation.fail(new IllegalArgumentException("not logged"));
    }
    List<LogRecord> stackTraces = sink.records().stream()
        .filter(r -> r.attributes().containsKey("exception.stacktrace")).toList();
    assertThat(stackTraces).extracting(LogRecord::body)
        .containsExactly("quantity must be > 0", "other", "operation failed");
    assertThat(closing().get(0).attributes())
        .containsEntry("exception.type", "java.lang.IllegalArgumentException")
        .containsEntry("exception.message", "quantity must be > 0")
        .containsEntry("exception.stacktrace_logged", true);
    assertThat(closing().get(1).attributes()).containsEntry("exception.message", "not logged");
  }

  @Test
  void aGivenSeverityAppliesToStartedAndOkClosingButNotToFailures() {
    Logger logger = configure();
    try (Operation ignored = Operation.start(logger, "item", OperationKind.LIFECYCLE,
        Severity.DEBUG)) {
      logger.info("inside");
    }
    try (Operation failing = Operation.start(logger, "item", OperationKind.LIFECYCLE,
        Severity.DEBUG)) {
      failing.fail(new IllegalStateException("bad item"));
    }
    assertThat(sink.records()).extracting(LogRecord::body, LogRecord::severityNumber)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("operation started", Severity.DEBUG),
            org.assertj.core.groups.Tuple.tuple("inside", Severity.INFO),
            org.assertj.core.groups.Tuple.tuple("operation completed", Severity.DEBUG),
            org.assertj.core.groups.Tuple.tuple("operation started", Severity.DEBUG),
            org.assertj.core.groups.Tuple.tuple("operation failed", Severity.ERROR));
  }

  /** A request-like scope around the test's operations. */
  private static final class LoggingScopeHolder implements AutoCloseable {
    private final dev.dagstack.logger.context.LoggingScope scope;

    LoggingScopeHolder(String requestId) {
      scope = dev.dagstack.logger.context.LoggingScope.builder()
          .attributes(Attrs.of("request.id", requestId)).open();
    }

    @Override
    public void close() {
      scope.close();
    }
  }
}
