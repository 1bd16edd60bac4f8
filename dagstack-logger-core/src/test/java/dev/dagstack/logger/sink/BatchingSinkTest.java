package dev.dagstack.logger.sink;

import static dev.dagstack.logger.sink.SinkTestRecords.fixed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exporter seam: batches by size and delay on the shared engine, failures counted. */
class BatchingSinkTest {

  private static final Duration LONG = Duration.ofSeconds(30);

  /** Records each batch's bodies; fails while {@code failing} is set. */
  static final class ListExporter implements BatchExporter {
    final BlockingQueue<List<String>> batches = new LinkedBlockingQueue<>();
    final AtomicBoolean failing = new AtomicBoolean();
    volatile boolean shutDown;

    @Override
    public void export(List<LogRecord> batch) throws IOException {
      if (failing.get()) {
        throw new IOException("receiver refused the batch");
      }
      List<String> bodies = new ArrayList<>();
      batch.forEach(r -> bodies.add(r.bodyText()));
      batches.add(bodies);
    }

    @Override
    public void shutdown() {
      shutDown = true;
    }

    @Override
    public String target() {
      return "to the test list";
    }

    List<String> next() throws InterruptedException {
      List<String> batch = batches.poll(10, TimeUnit.SECONDS);
      assertThat(batch).as("a batch within 10 s").isNotNull();
      return batch;
    }
  }

  static final class TestSink extends BatchingSink {
    TestSink(int maxBatch, Duration delay, BatchExporter exporter) {
      super("batching:test", 1, OverflowPolicy.DROP_OLDEST, 64, maxBatch, delay, exporter);
    }
  }

  private OutputStream previous;
  private Diagnostics.Capture diagnostics;

  @BeforeEach
  void quiet() {
    previous = Diagnostics.redirect(new ByteArrayOutputStream());
    diagnostics = Diagnostics.capture();
  }

  @AfterEach
  void restore() {
    diagnostics.close();
    Diagnostics.redirect(previous);
  }

  @Test
  void fullBatchesGoAtOnceAndFlushSendsThePartialOne() throws Exception {
    ListExporter exporter = new ListExporter();
    try (TestSink sink = new TestSink(2, Duration.ofMinutes(10), exporter)) {
      for (String body : List.of("a", "b", "c", "d", "e")) {
        sink.emit(fixed(body));
      }
      assertThat(exporter.next()).containsExactly("a", "b");
      assertThat(exporter.next()).containsExactly("c", "d");
      assertThat(sink.flush(LONG).success()).isTrue();
      assertThat(exporter.next()).containsExactly("e");
    }
    assertThat(exporter.shutDown).isTrue();
  }

  @Test
  void aPartialBatchGoesAfterTheDelayWithoutAFlush() throws Exception {
    ListExporter exporter = new ListExporter();
    try (TestSink sink = new TestSink(100, Duration.ofMillis(5), exporter)) {
      sink.emit(fixed("lonely"));
      assertThat(exporter.next()).containsExactly("lonely");
    }
  }

  @Test
  void failedBatchesAreCountedAndReportedOncePerEpisode() throws Exception {
    ListExporter exporter = new ListExporter();
    exporter.failing.set(true);
    try (TestSink sink = new TestSink(10, Duration.ofMinutes(10), exporter)) {
      sink.emit(fixed("1"));
      sink.emit(fixed("2"));
      // A flush says what was lost since the previous one.
      assertThat(sink.flush(LONG).droppedCount()).isEqualTo(2);
      sink.emit(fixed("3"));
      assertThat(sink.flush(LONG).droppedCount()).isEqualTo(1);
      assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isEqualTo(3);
      exporter.failing.set(false);
      sink.emit(fixed("4"));
      assertThat(sink.flush(LONG).success()).isTrue();
      assertThat(exporter.next()).containsExactly("4");
    }
    assertThat(diagnostics.messages()).containsSubsequence(
        "cannot write to the test list; dropping records until it works again",
        "writing to the test list works again; 3 records were dropped meanwhile (counted as write_error)");
  }

  @Test
  void badSettingsNameTheSink() {
    ListExporter exporter = new ListExporter();
    assertThatThrownBy(() -> new TestSink(0, Duration.ofSeconds(1), exporter))
        .hasMessage("sink batching:test: maxBatchSize must be at least 1, got 0");
    assertThatThrownBy(() -> new TestSink(1, Duration.ZERO, exporter))
        .hasMessage("sink batching:test: scheduleDelay must be at least 1 ms, got PT0S");
  }

  // Several batches in flight (exportAsync), completed by the test in any order.

  /** Hands each batch to the test, which completes it when it likes. */
  static final class HeldExporter implements BatchExporter {
    record Held(List<String> bodies, CompletableFuture<Void> outcome) {}

    final BlockingQueue<Held> started = new LinkedBlockingQueue<>();
    volatile boolean shutDown;

    @Override
    public void export(List<LogRecord> batch) {
      throw new AssertionError("the sink starts exports with exportAsync");
    }

    @Override
    public CompletableFuture<Void> exportAsync(List<LogRecord> batch) {
      List<String> bodies = new ArrayList<>();
      batch.forEach(r -> bodies.add(r.bodyText()));
      CompletableFuture<Void> outcome = new CompletableFuture<>();
      started.add(new Held(bodies, outcome));
      return outcome;
    }

    @Override
    public void shutdown() {
      shutDown = true;
    }

    @Override
    public String target() {
      return "to the held list";
    }

    Held next() throws InterruptedException {
      Held held = started.poll(10, TimeUnit.SECONDS);
      assertThat(held).as("an export within 10 s").isNotNull();
      return held;
    }
  }

  static final class PipelinedSink extends BatchingSink {
    PipelinedSink(int maxBatch, int maxConcurrentExports, BatchExporter exporter) {
      super("pipelined:test", 1, OverflowPolicy.BLOCK, 64, maxBatch, Duration.ofMinutes(5),
          maxConcurrentExports, exporter);
    }
  }

  @Test
  void flushWaitsForTheOldestBatchEvenWhenLaterOnesFinishFirst() throws Exception {
    HeldExporter exporter = new HeldExporter();
    try (PipelinedSink sink = new PipelinedSink(2, 3, exporter)) {
      for (int i = 0; i < 6; i++) {
        sink.emit(fixed(Integer.toString(i)));
      }
      HeldExporter.Held first = exporter.next();
      HeldExporter.Held second = exporter.next();
      HeldExporter.Held third = exporter.next();
      assertThat(List.of(first.bodies(), second.bodies(), third.bodies()))
          .containsExactly(List.of("0", "1"), List.of("2", "3"), List.of("4", "5"));

      third.outcome().complete(null);
      second.outcome().complete(null);
      FlushResult waiting = sink.flush(Duration.ofMillis(50));
      assertThat(waiting.success()).isFalse();
      assertThat(waiting.failedSinks().get(0).error()).contains("2 records pending");

      first.outcome().complete(null);
      assertThat(sink.flush(Duration.ofSeconds(10)).success()).isTrue();
    }
    assertThat(exporter.shutDown).isTrue();
  }

  @Test
  void aFailedBatchInFlightIsCountedWholeAndTheBoundHolds() throws Exception {
    HeldExporter exporter = new HeldExporter();
    try (PipelinedSink sink = new PipelinedSink(3, 2, exporter)) {
      for (int i = 0; i < 9; i++) {
        sink.emit(fixed(Integer.toString(i)));
      }
      HeldExporter.Held first = exporter.next();
      HeldExporter.Held second = exporter.next();
      // Two in flight: the third batch stays in the buffer until one of them is done.
      assertThat(exporter.started.poll(50, TimeUnit.MILLISECONDS)).isNull();
      assertThat(sink.bufferDepth()).isEqualTo(3);

      second.outcome().completeExceptionally(new IOException("receiver said 400"));
      HeldExporter.Held third = exporter.next();
      assertThat(third.bodies()).containsExactly("6", "7", "8");
      first.outcome().complete(null);
      third.outcome().complete(null);

      FlushResult result = sink.flush(Duration.ofSeconds(10));
      assertThat(result.success()).isFalse();
      assertThat(result.droppedCount()).isEqualTo(3);
      assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isEqualTo(3);
      assertThat(diagnostics.messages()).first().asString()
          .startsWith("cannot write to the held list").doesNotContain("CompletionException");
    }
  }

  @Test
  void closeLetsTheBatchesInFlightFinishBeforeShuttingTheExporterDown() throws Exception {
    HeldExporter exporter = new HeldExporter();
    PipelinedSink sink = new PipelinedSink(2, 2, exporter);
    sink.emit(fixed("a"));
    sink.emit(fixed("b"));
    HeldExporter.Held held = exporter.next();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(sink::close);
    // close sends nothing more (the buffer is empty) and waits for the batch in flight.
    assertThat(exporter.started.poll(50, TimeUnit.MILLISECONDS)).isNull();
    assertThat(exporter.shutDown).isFalse();
    held.outcome().complete(null);
    closing.get(15, TimeUnit.SECONDS);
    assertThat(exporter.shutDown).isTrue();
    assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isZero();
  }

  @Test
  void maxConcurrentExportsBelowOneIsRejectedWithItsName() {
    assertThatThrownBy(() -> new PipelinedSink(2, 0, new HeldExporter()))
        .hasMessage("sink pipelined:test: maxConcurrentExports must be at least 1, got 0");
  }
}
