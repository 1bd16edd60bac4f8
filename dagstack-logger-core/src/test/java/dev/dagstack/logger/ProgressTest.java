package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.convention.ConventionsConfig;
import dev.dagstack.logger.convention.Operation;
import dev.dagstack.logger.convention.OperationKind;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Progress (spec §5.3) against an injected monotonic clock: tick counts, rate, ETA. */
class ProgressTest {

  private static final long MS = 1_000_000L;

  private final InMemorySink sink = new InMemorySink(5000);
  private final AtomicLong clock = new AtomicLong(5_000 * MS);
  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  private Logger configure(Duration interval) {
    Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.DEBUG).sinks(sink)
        .conventions(ConventionsConfig.builder().nanoClock(clock::get)
            .progressInterval(interval).build())
        .build());
    return Logger.get("importer");
  }

  private List<LogRecord> events(String name) {
    return sink.records().stream()
        .filter(r -> name.equals(r.attributes().get("event.name"))).toList();
  }

  @Test
  void ticksAreRateLimitedAndTheLastOneBeforeCompletionIsKept() {
    Logger logger = configure(Duration.ofMillis(500));
    try (Operation operation = logger.operation("import_orders", OperationKind.ADMIN)) {
      // Twenty updates, one every 100 ms: t = 100, 200, ..., 2000 ms.
      for (int i = 1; i <= 20; i++) {
        clock.addAndGet(100 * MS);
        operation.progress(i, 20, "items");
      }
    }
    // Written at 100, 600, 1100, 1600 ms; the one at 2000 ms (400 ms after the last) is held
    // back and written before the closing record.
    List<LogRecord> ticks = events("tick");
    assertThat(ticks).extracting(r -> r.attributes().get("progress.current"))
        .containsExactly(1L, 6L, 11L, 16L, 20L);
    assertThat(ticks).allSatisfy(r -> {
      assertThat(r.severityNumber()).isEqualTo(Severity.DEBUG);
      assertThat(r.attributes()).containsEntry("event.domain", "progress")
          .containsKey("operation.id").containsEntry("progress.total", 20L)
          .containsEntry("progress.unit", "items");
    });
    assertThat(events("started")).hasSize(1);
    assertThat(events("completed")).singleElement().satisfies(r -> assertThat(r.attributes())
        .containsEntry("progress.current", 20L).containsEntry("progress.total", 20L)
        .containsEntry("operation.duration_ms", 2000L));
    assertThat(sink.records().get(sink.records().size() - 2).attributes())
        .containsEntry("event.name", "tick").containsEntry("progress.current", 20L);
  }

  @Test
  void aTickExactlyOneIntervalLaterIsWrittenAndNothingIsHeldBackAfterIt() {
    Logger logger = configure(Duration.ofMillis(500));
    try (Operation operation = logger.operation("copy", OperationKind.MAINTENANCE)) {
      for (int i = 1; i <= 4; i++) {
        operation.progress(i * 10L, "files");
        clock.addAndGet(500 * MS);
      }
    }
    assertThat(events("tick")).hasSize(4);
  }

  @Test
  void rateIsMeasuredOverTheSlidingWindowAndEtaFollowsFromIt() {
    Logger logger = configure(Duration.ZERO);
    try (Operation operation = logger.operation("import_orders", OperationKind.ADMIN)) {
      clock.addAndGet(10_000 * MS);
      operation.progress(50, 200, "items");
      clock.addAndGet(10_000 * MS);
      operation.phase("placing");
      operation.progress(150);
    }
    List<LogRecord> ticks = events("tick");
    assertThat(ticks).hasSize(2);
    // 50 items in the first 10 s: 5/s, 150 left: 30 s.
    assertThat(ticks.get(0).attributes()).containsEntry("progress.rate", 5.0)
        .containsEntry("progress.eta_ms", 30_000L).doesNotContainKey("progress.phase");
    // The default 10 s window drops the start: 100 items in the last 10 s, 50 left: 5 s.
    assertThat(ticks.get(1).attributes()).containsEntry("progress.rate", 10.0)
        .containsEntry("progress.eta_ms", 5_000L).containsEntry("progress.total", 200L)
        .containsEntry("progress.unit", "items").containsEntry("progress.phase", "placing");
  }

  @Test
  void progressFromSeveralThreadsWritesEveryTick() throws Exception {
    Logger logger = configure(Duration.ZERO);
    int threads = 4;
    int perThread = 250;
    try (Operation operation = logger.operation("parallel", OperationKind.INDEXING)) {
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(threads);
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
      List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            clock.addAndGet(MS);
            operation.progress(done.incrementAndGet(), threads * perThread, "files");
          }
          return null;
        }));
      }
      start.countDown();
      for (java.util.concurrent.Future<?> future : futures) {
        future.get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
      pool.shutdown();
    }
    assertThat(events("tick")).hasSize(threads * perThread);
    assertThat(events("completed")).singleElement().satisfies(r -> assertThat(r.attributes())
        .containsEntry("progress.total", 1000L));
  }

  @Test
  void unknownTotalHasNoTotalAndNoEta() {
    Logger logger = configure(Duration.ZERO);
    try (Operation operation = logger.operation("scan", OperationKind.INDEXING)) {
      clock.addAndGet(2_000 * MS);
      operation.progress(4096, "bytes");
    }
    assertThat(events("tick")).singleElement().satisfies(r -> assertThat(r.attributes())
        .containsEntry("progress.rate", 2048.0).containsEntry("progress.current", 4096L)
        .doesNotContainKeys("progress.total", "progress.eta_ms"));
  }

  @Test
  void startedAndCompletedAreWrittenWhenTicksAreBelowTheLevel() {
    Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.INFO).sinks(sink)
        .conventions(ConventionsConfig.builder().nanoClock(clock::get).build()).build());
    try (Operation operation = Logger.get("importer").operation("sync", OperationKind.ADMIN)) {
      operation.progress(1, 2, "items");
      clock.addAndGet(MS);
      operation.progress(2, 2, "items");
    }
    assertThat(sink.records()).extracting(r -> r.attributes().get("event.name"))
        .containsExactly("started", "completed");
  }
}
