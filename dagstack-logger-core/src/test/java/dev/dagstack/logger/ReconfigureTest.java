package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.processor.EnrichProcessor;
import dev.dagstack.logger.processor.LogRecordProcessor;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.FileSink;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.sink.Sink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ReconfigureTest {

  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  /**
   * Counts deliveries per record key and checks that the record went through this sink's own
   * configuration (its enrich processor); records arriving after close would be lost.
   */
  private static final class CountingSink implements Sink {
    final int generation;
    final Map<String, Integer> deliveries;
    final AtomicLong afterClose = new AtomicLong();
    final AtomicLong foreign = new AtomicLong();
    volatile boolean closed;

    CountingSink(int generation, Map<String, Integer> deliveries) {
      this.generation = generation;
      this.deliveries = deliveries;
    }

    @Override
    public String id() {
      return "counting-" + generation;
    }

    @Override
    public void emit(LogRecord record) {
      if (closed) {
        afterClose.incrementAndGet();
        return;
      }
      if (!Long.valueOf(generation).equals(record.attributes().get("processed.by"))
          || !Long.valueOf(generation).equals(record.resource().attributes().get("generation"))) {
        foreign.incrementAndGet();
      }
      deliveries.merge((String) record.body(), 1, Integer::sum);
    }

    @Override
    public FlushResult flush(Duration timeout) {
      return FlushResult.ok();
    }

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public boolean supportsSeverity(int severityNumber) {
      return true;
    }
  }

  private static LoggerConfiguration generation(int g, Sink sink) {
    return LoggerConfiguration.builder().sinks(sink).resourceAttribute("generation", g)
        .processors(EnrichProcessor.builder().attribute("processed.by", g).build()).build();
  }

  @Test
  void underFourEmittingThreadsEveryRecordIsWrittenOnceByOneConfiguration() throws Exception {
    Map<String, Integer> deliveries = new ConcurrentHashMap<>();
    List<CountingSink> sinks = new ArrayList<>();
    sinks.add(new CountingSink(0, deliveries));
    Logger.reconfigure(generation(0, sinks.get(0)));
    int threads = 4;
    int reconfigurations = 25;
    AtomicInteger done = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(threads);
    long[] emitted = new long[threads];
    List<Thread> emitters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread thread = new Thread(() -> {
        Logger logger = Logger.get("test.reconfigure");
        long n = 0;
        logger.info(id + ":" + n++);
        started.countDown();
        // Emit until every reconfiguration is done, so each one races the emitters.
        while (done.get() < reconfigurations) {
          logger.info(id + ":" + n++);
        }
        logger.info(id + ":" + n++);
        emitted[id] = n;
      });
      thread.start();
      emitters.add(thread);
    }
    started.await();
    long appliedBefore = Logger.reconfigureCount(ReconfigureResult.APPLIED);
    for (int g = 1; g <= reconfigurations; g++) {
      CountingSink sink = new CountingSink(g, deliveries);
      sinks.add(sink);
      Logger.reconfigure(generation(g, sink));
      done.incrementAndGet();
    }
    for (Thread thread : emitters) {
      thread.join();
    }

    long total = 0;
    for (int t = 0; t < threads; t++) {
      for (long n = 0; n < emitted[t]; n++) {
        assertThat(deliveries.get(t + ":" + n)).as("deliveries of record %d:%d", t, n).isEqualTo(1);
      }
      total += emitted[t];
    }
    assertThat(deliveries).hasSize((int) total);
    for (CountingSink sink : sinks) {
      assertThat(sink.afterClose).as("records lost to closed %s", sink.id()).hasValue(0);
      assertThat(sink.foreign).as("records of another configuration in %s", sink.id())
          .hasValue(0);
      assertThat(sink.closed).isEqualTo(sink != sinks.get(reconfigurations));
    }
    assertThat(Logger.reconfigureCount(ReconfigureResult.APPLIED) - appliedBefore)
        .isEqualTo(reconfigurations);
  }

  @Test
  void aNullSinkIsNamedByItsPositionWhicheverWayTheSinksAreGiven() {
    InMemorySink sink = new InMemorySink(10);
    assertThatThrownBy(() -> LoggerConfiguration.builder().sinks(sink, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("root sinks: sinks[1] is null");
    assertThatThrownBy(() -> LoggerConfiguration.builder().sinks((Sink) null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("root sinks: sinks[0] is null");
    assertThatThrownBy(() -> LoggerConfiguration.builder().sinks((Sink[]) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("root sinks: sinks must not be null");
  }

  @Test
  void aRejectedReconfigurationLeavesTheOldOneRunning() {
    InMemorySink first = new InMemorySink(100);
    InMemorySink running = new InMemorySink(100);
    Logger.reconfigure(LoggerConfiguration.builder().sinks(first).build());
    Logger.reconfigure(LoggerConfiguration.builder().sinks(running).rootLevel(Severity.WARN)
        .build());
    LoggerConfiguration current = Logger.configuration();
    long rejectedBefore = Logger.reconfigureCount(ReconfigureResult.REJECTED);

    // A sink closed by an earlier reconfiguration would drop everything.
    assertThatThrownBy(() -> Logger.reconfigure(LoggerConfiguration.builder().sinks(first)
        .build())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sink 'in-memory' was closed when an earlier reconfiguration retired it;"
            + " configure a new sink instead");
    // A configuration that cannot be built.
    assertThatThrownBy(() -> Logger.reconfigure(() -> LoggerConfiguration.builder()
        .rootLevel("LOUD").build())).isInstanceOf(IllegalArgumentException.class);

    assertThat(Logger.configuration()).isSameAs(current);
    assertThat(Logger.reconfigureCount(ReconfigureResult.REJECTED) - rejectedBefore).isEqualTo(2);
    assertThat(diagnostics.messages()).filteredOn(m -> m.startsWith(
        "reconfiguration rejected, the running configuration stays: ")).hasSize(2);
    Logger logger = Logger.get("test.rejected");
    logger.info("below the running level");
    logger.warn("still running");
    assertThat(running.records()).extracting(LogRecord::body).containsExactly("still running");
    assertThat(first.droppedCount(DropReason.CLOSED)).isZero();
  }

  @Test
  void survivingSinksKeepTheirFilesAndRetiredOnesAreFlushedAndClosed(@TempDir Path dir)
      throws Exception {
    Path keptPath = dir.resolve("kept.jsonl");
    Path retiredPath = dir.resolve("retired.jsonl");
    FileSink kept = FileSink.builder(keptPath).id("kept").build();
    FileSink retired = FileSink.builder(retiredPath).id("retired").build();
    AtomicInteger shutdowns = new AtomicInteger();
    LogRecordProcessor retiredProcessor = new LogRecordProcessor() {
      @Override
      public LogRecord onEmit(LogRecord record) {
        return record;
      }

      @Override
      public void shutdown() {
        shutdowns.incrementAndGet();
      }
    };
    Logger.reconfigure(LoggerConfiguration.builder().sinks(kept, retired)
        .processors(retiredProcessor).build());
    Logger logger = Logger.get("test.survive");
    logger.info("before");
    Logger.reconfigure(LoggerConfiguration.builder().sinks(kept).build());
    logger.info("after");
    assertThat(kept.flush(Duration.ofSeconds(5)).success()).isTrue();

    assertThat(Files.readAllLines(keptPath, StandardCharsets.UTF_8)).hasSize(2)
        .anySatisfy(line -> assertThat(line).contains("\"body\":\"before\""))
        .anySatisfy(line -> assertThat(line).contains("\"body\":\"after\""));
    // Retired: what it had was written before it closed, and nothing came after.
    assertThat(Files.readAllLines(retiredPath, StandardCharsets.UTF_8)).singleElement()
        .satisfies(line -> assertThat(line).contains("\"body\":\"before\""));
    assertThat(retired.droppedCount(DropReason.CLOSED)).isZero();
    assertThat(shutdowns).hasValue(1);
    Logger.reconfigure(LoggerConfiguration.builder().sinks(kept).build());
    assertThat(shutdowns).hasValue(1);
    kept.close();
  }
}
