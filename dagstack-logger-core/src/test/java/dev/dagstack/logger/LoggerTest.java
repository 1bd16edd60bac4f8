package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.sink.Sink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoggerTest {

  private final InMemorySink sink = new InMemorySink(1000);
  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  @BeforeEach
  void setUp() {
    Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.TRACE).sinks(sink).build());
  }

  @Test
  void getCachesPerNameAndKeepsTheFirstVersion() {
    Logger first = Logger.get("test.cache", "1.0.0");
    assertThat(Logger.get("test.cache")).isSameAs(first);
    assertThat(Logger.get("test.cache", "2.0.0").version()).isEqualTo("1.0.0");
    assertThat(Logger.root()).isSameAs(Logger.get(""));
    assertThatThrownBy(() -> Logger.get(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("logger name must not be null");
  }

  @Test
  void recordsCarryTheInstrumentationScopeAndRootIsNamedRoot() {
    Logger.get("order_service.api", "1.0.0").info("request received",
        Attrs.of("request.id", "req-abc", "user.id", 42));
    Logger.root().info("from root");

    List<LogRecord> records = sink.records();
    assertThat(records.get(0).instrumentationScope().name()).isEqualTo("order_service.api");
    assertThat(records.get(0).instrumentationScope().version()).isEqualTo("1.0.0");
    assertThat(records.get(0).attributes()).containsEntry("request.id", "req-abc")
        .containsEntry("user.id", 42L);
    assertThat(records.get(0).observedTimeUnixNano()).isNull();
    assertThat(records.get(1).instrumentationScope().name()).isEqualTo("root");
  }

  @Test
  void severityMethodsUseThePrimaryNumbers() {
    Logger logger = Logger.get("test.severity");
    logger.trace("t");
    logger.debug("d", Attrs.of("k", 1));
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    logger.fatal("f");
    logger.log(11, "info3");
    assertThat(sink.records()).extracting(LogRecord::severityNumber)
        .containsExactly(1, 5, 9, 13, 17, 21, 11);
    assertThat(sink.records()).extracting(LogRecord::severityText)
        .containsExactly("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "INFO");
  }

  @Test
  void invalidSeverityIsClampedAndReported() {
    Logger logger = Logger.get("test.clamp");
    logger.log(0, "too low");
    logger.log(99, "too high");
    assertThat(sink.records()).extracting(LogRecord::severityNumber).containsExactly(1, 24);
    assertThat(diagnostics.messages()).contains(
        "severity_number 0 is outside 1..24; clamped to 1");
    // The channel writes one JSON line per report to its own stream.
    assertThat(diagnostics.lines().split("\n"))
        .anySatisfy(line -> assertThat(line)
            .startsWith("{\"attributes\":{\"logger.name\":\"test.clamp\"}")
            .contains("\"instrumentation_scope\":{\"name\":\"dagstack.logger.internal\"}")
            .contains("\"severity_text\":\"WARN\""));
  }

  @Test
  void aBridgeGivesTheRecordsTimeOrLeavesItToTheClock() {
    Logger logger = Logger.get("test.time");
    long occurred = 1_796_084_358_347_005_404L;
    long before = System.currentTimeMillis() * 1_000_000L;
    logger.log(Severity.WARN, occurred, "with its own time", Map.of("k", 1));
    logger.log(Severity.WARN, 0, "zero: now", null);
    logger.log(Severity.WARN, -5, "negative: now", null);
    // The time goes through the invalid-severity path too.
    logger.log(99, occurred, "clamped", null);
    long after = System.currentTimeMillis() * 1_000_000L + 1_000_000L;
    List<LogRecord> records = sink.records();
    assertThat(records).extracting(LogRecord::body)
        .containsExactly("with its own time", "zero: now", "negative: now", "clamped");
    assertThat(records.get(0).timeUnixNano()).isEqualTo(occurred);
    assertThat(records.get(0).observedTimeUnixNano()).isNull();
    assertThat(records.get(0).attributes()).containsEntry("k", 1L);
    assertThat(records.get(1).timeUnixNano()).isBetween(before - 1_000_000L, after);
    assertThat(records.get(2).timeUnixNano()).isBetween(before - 1_000_000L, after);
    assertThat(records.get(3).timeUnixNano()).isEqualTo(occurred);
    assertThat(records.get(3).severityNumber()).isEqualTo(24);
  }

  @Test
  void levelsAreInheritedFromTheNearestAncestor() {
    Logger.configure(LoggerConfiguration.builder()
        .rootLevel(Severity.WARN)
        .level("app", Severity.DEBUG)
        .level("app.noisy", Severity.ERROR)
        .sinks(sink)
        .build());
    Logger.get("app.service.deep").debug("inherits app");
    Logger.get("app.noisy.child").warn("dropped by app.noisy");
    Logger.get("app.noisy.child").error("kept");
    Logger.get("other").info("dropped by root");
    Logger.get("other").warn("kept by root");
    assertThat(sink.records()).extracting(LogRecord::body)
        .containsExactly("inherits app", "kept", "kept by root");
    assertThat(Logger.get("app").isEnabled(Severity.DEBUG)).isTrue();
    assertThat(Logger.get("app.noisy").isEnabled(Severity.WARN)).isFalse();
  }

  @Test
  void sinksAreInheritedAndPerLoggerSinksReplaceTheRoots() {
    InMemorySink audit = new InMemorySink(10);
    Logger.configure(LoggerConfiguration.builder()
        .sinks(sink)
        .sinks("audit", List.of(audit))
        .build());
    Logger.get("audit.login").info("audited");
    Logger.get("web").info("normal");
    assertThat(audit.records()).extracting(LogRecord::body).containsExactly("audited");
    assertThat(sink.records()).extracting(LogRecord::body).containsExactly("normal");
  }

  @Test
  void eachSinkAppliesItsOwnMinimumSeverity() {
    InMemorySink errorsOnly = new InMemorySink("errors", 10, Severity.ERROR);
    Logger.configure(LoggerConfiguration.builder().sinks(sink, errorsOnly).build());
    Logger logger = Logger.get("test.min");
    logger.info("info");
    logger.error("error");
    assertThat(sink.records()).hasSize(2);
    assertThat(errorsOnly.records()).extracting(LogRecord::body).containsExactly("error");
  }

  @Test
  void structuredBodyIsConvertedToCanonicalValues() {
    Logger.get("test.body").info(Map.of("event", "order.placed", "count", 3));
    Object body = sink.records().get(0).body();
    assertThat(body).isInstanceOf(Attrs.class);
    assertThat((Attrs) body).containsEntry("event", "order.placed").containsEntry("count", 3L);
  }

  @Test
  void exceptionFillsTheOpenTelemetryAttributes() {
    IllegalStateException cause = new IllegalStateException("db down");
    RuntimeException error = new RuntimeException("order failed", cause);
    Logger.get("test.exception").exception(error, Attrs.of("order.id", 7));
    Logger.get("test.exception").exception(new NullPointerException());

    LogRecord record = sink.records().get(0);
    assertThat(record.severityNumber()).isEqualTo(Severity.ERROR);
    assertThat(record.body()).isEqualTo("order failed");
    assertThat(record.attributes())
        .containsEntry("exception.type", "java.lang.RuntimeException")
        .containsEntry("exception.message", "order failed")
        .containsEntry("order.id", 7L);
    assertThat((String) record.attributes().get("exception.stacktrace"))
        .startsWith("java.lang.RuntimeException: order failed")
        .contains("Caused by: java.lang.IllegalStateException: db down")
        .contains("LoggerTest.exceptionFillsTheOpenTelemetryAttributes");

    LogRecord noMessage = sink.records().get(1);
    assertThat(noMessage.body()).isEqualTo("java.lang.NullPointerException");
    assertThat(noMessage.attributes()).doesNotContainKey("exception.message");
  }

  @Test
  void exceptionBelowTheLevelIsNotBuilt() {
    Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.FATAL).sinks(sink).build());
    Logger.get("test.exception").exception(new RuntimeException("x"));
    assertThat(sink.records()).isEmpty();
  }

  @Test
  void withBindsAttributesThatCallSiteAttributesOverride() {
    Logger base = Logger.get("test.with");
    Logger bound = base.with(Attrs.of("tenant", "acme", "request.id", "bound"));
    Logger nested = bound.with(Map.of("step", "pay"));
    nested.info("x", Attrs.of("request.id", "call-site"));
    base.info("plain");

    assertThat(sink.records().get(0).attributes())
        .containsEntry("tenant", "acme")
        .containsEntry("step", "pay")
        .containsEntry("request.id", "call-site");
    assertThat(sink.records().get(1).attributes()).isEmpty();
    assertThat(Logger.get("test.with")).isSameAs(base);
    assertThat(nested.name()).isEqualTo("test.with");
  }

  @Test
  void withSinksAppendSinksAndWithoutSinksAreDetached() {
    InMemorySink other = new InMemorySink(10);
    Logger logger = Logger.get("order_service");

    logger.withSinks(List.of(other)).info("captured here");
    logger.appendSinks(List.of(other)).info("audit event");
    logger.withoutSinks().info("never seen");
    logger.withoutSinks().appendSinks(List.of(other)).info("only other");
    logger.info("global");

    assertThat(other.records()).extracting(LogRecord::body)
        .containsExactly("captured here", "audit event", "only other");
    assertThat(sink.records()).extracting(LogRecord::body)
        .containsExactly("audit event", "global");
    assertThat(Logger.get("order_service")).isSameAs(logger);
  }

  @Test
  void aThrowingSinkIsReportedRateLimitedAndNeverAffectsOthersOrTheCaller() {
    Sink broken = new Sink() {
      @Override
      public String id() {
        return "broken";
      }

      @Override
      public void emit(LogRecord record) {
        throw new IllegalStateException("disk on fire");
      }

      @Override
      public FlushResult flush(Duration timeout) {
        throw new IllegalStateException("cannot flush");
      }

      @Override
      public void close() {}

      @Override
      public boolean supportsSeverity(int severityNumber) {
        return true;
      }
    };
    Logger.configure(LoggerConfiguration.builder().sinks(broken, sink).build());
    Logger logger = Logger.get("test.broken");
    for (int i = 0; i < 50; i++) {
      logger.info("record " + i);
    }
    assertThat(sink.records()).hasSize(50);
    List<LogRecord> reports = diagnostics.records();
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0).instrumentationScope().name()).isEqualTo("dagstack.logger.internal");
    assertThat(reports.get(0).attributes()).containsEntry("sink.id", "broken")
        .containsEntry("exception.type", "java.lang.IllegalStateException");

    FlushResult result = logger.flush(Duration.ofSeconds(1));
    assertThat(result.success()).isFalse();
    assertThat(result.partial()).isTrue();
    assertThat(result.failedSinks()).extracting(FlushResult.FailedSink::sinkId)
        .containsExactly("broken");
  }

  @Test
  void configureClosesSinksThatLeaveButNotThoseThatStay() {
    InMemorySink kept = new InMemorySink(10);
    InMemorySink leaving = new InMemorySink(10);
    Logger.configure(LoggerConfiguration.builder().sinks(kept, leaving).build());
    Logger.configure(LoggerConfiguration.builder().sinks(kept).build());
    Logger.get("test.reconfigure").info("after");
    assertThat(kept.records()).extracting(LogRecord::body).containsExactly("after");

    LogRecord probe = kept.records().get(0);
    kept.emit(probe);
    leaving.emit(probe);
    sink.emit(probe); // the sink of setUp() left with the first configure call
    assertThat(kept.droppedCount(DropReason.CLOSED)).isZero();
    assertThat(leaving.droppedCount(DropReason.CLOSED)).isEqualTo(1);
    assertThat(sink.droppedCount(DropReason.CLOSED)).isEqualTo(1);
  }

  @Test
  void configurationReturnsWhatWasConfiguredAndResetRestoresTheDefaults() {
    LoggerConfiguration configuration = LoggerConfiguration.builder()
        .rootLevel("warn").level("a", 5).sinks(sink).autoInjectTraceContext(false).build();
    Logger.configure(configuration);
    assertThat(Logger.configuration()).isSameAs(configuration);
    assertThat(Logger.configuration().rootLevel()).isEqualTo(Severity.WARN);

    Logger.reset();
    assertThat(Logger.configuration().rootLevel()).isEqualTo(Severity.INFO);
    assertThat(Logger.configuration().sinks()).hasSize(1);
    assertThat(Logger.configuration().sinks().get(0).id()).isEqualTo("console:auto");
    assertThat(Logger.configuration().autoInjectTraceContext()).isTrue();
    assertThat(sink.droppedCount(DropReason.CLOSED)).isZero();
    sink.emit(LogRecord.builder().build());
    assertThat(sink.droppedCount(DropReason.CLOSED)).isEqualTo(1);
  }

  @Test
  void invalidConfigurationIsRejectedNamingTheSetting() {
    assertThatThrownBy(() -> LoggerConfiguration.builder().rootLevel(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("root level");
    assertThatThrownBy(() -> LoggerConfiguration.builder().level("a.b", 25))
        .hasMessageContaining("level of logger 'a.b'").hasMessageContaining("25");
    assertThatThrownBy(() -> LoggerConfiguration.builder().rootLevel("loud"))
        .hasMessageContaining("'loud'");
    List<Sink> withNull = new ArrayList<>();
    withNull.add(sink);
    withNull.add(null);
    assertThatThrownBy(() -> LoggerConfiguration.builder().sinks(withNull))
        .hasMessageContaining("sinks[1] is null");
  }

  @Test
  void configureIsAtomicForEveryEmit() throws Exception {
    int generations = 30;
    List<InMemorySink> sinks = new ArrayList<>();
    for (int g = 0; g < generations; g++) {
      sinks.add(new InMemorySink(100_000));
    }
    Logger.configure(LoggerConfiguration.builder().sinks(sinks.get(0))
        .resourceAttribute("generation", 0).build());
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(2);
    List<Thread> emitters = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread thread = new Thread(() -> {
        Logger logger = Logger.get("test.atomic");
        logger.info("tick"); // at least one record each, however the threads are scheduled
        started.countDown();
        while (!stop.get()) {
          logger.info("tick");
        }
      });
      thread.start();
      emitters.add(thread);
    }
    started.await();
    for (int g = 1; g < generations; g++) {
      Logger.configure(LoggerConfiguration.builder().sinks(sinks.get(g))
          .resourceAttribute("generation", g).build());
    }
    stop.set(true);
    for (Thread thread : emitters) {
      thread.join();
    }
    long total = 0;
    for (int g = 0; g < generations; g++) {
      for (LogRecord record : sinks.get(g).records()) {
        assertThat(record.resource().attributes().get("generation")).isEqualTo((long) g);
      }
      total += sinks.get(g).records().size();
    }
    assertThat(total).isPositive();
  }

  @Test
  void disabledEmitsDoNotTouchTheSinks() {
    Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.ERROR).sinks(sink).build());
    Logger logger = Logger.get("test.disabled");
    logger.debug("no", Attrs.of("k", "v"));
    logger.info("no");
    assertThat(sink.records()).isEmpty();
    assertThat(logger.isEnabled(Severity.INFO)).isFalse();
    assertThat(logger.isEnabled(Severity.ERROR)).isTrue();
  }

  @Test
  void closeFlushesAndClosesTheEffectiveSinks() {
    Logger logger = Logger.get("test.close");
    assertThat(logger.flush(Duration.ofSeconds(1)).success()).isTrue();
    logger.close();
    logger.info("after close");
    assertThat(sink.records()).isEmpty();
    assertThat(sink.droppedCount(DropReason.CLOSED)).isEqualTo(1);
  }

  @Test
  void flushAcceptsAnyTimeoutWithoutOverflowing() {
    InMemorySink sink = new InMemorySink(10);
    Logger.configure(LoggerConfiguration.builder().sinks(sink).build());
    Logger.get("flush").info("one");

    assertThat(Logger.get("flush").flush(java.time.Duration.ofSeconds(Long.MAX_VALUE)).success())
        .isTrue();
    assertThat(Logger.get("flush").flush(java.time.Duration.ofMillis(-5)).success()).isTrue();
  }

  @Test
  void aSecondVersionForACachedNameIsReportedNotSilentlyDropped() {
    Logger first = Logger.get("versioned.module", "1.0.0");
    Logger again = Logger.get("versioned.module", "2.0.0");

    assertThat(again).isSameAs(first);
    assertThat(again.version()).isEqualTo("1.0.0");
    assertThat(diagnostics.messages()).anySatisfy(message -> assertThat(message)
        .contains("versioned.module").contains("2.0.0 is ignored"));
    assertThat(Logger.get("versioned.module").version()).isEqualTo("1.0.0");
  }
}
