package dev.dagstack.logger.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.FlushResult;
import dev.dagstack.logger.internal.Diagnostics;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.OverflowPolicy;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several batches in flight at once ({@code maxConcurrentExports}), against the real loopback
 * receiver holding requests until released: the bound, order within a batch, flush while
 * batches are in flight, one failed batch counted exactly, close.
 */
class OtlpPipeliningTest {

  private static final Duration FLUSH = Duration.ofSeconds(10);
  /** A delay no test waits for: batches leave when full, or on flush and close. */
  private static final Duration NEVER = Duration.ofMinutes(5);

  static {
    java.util.logging.Logger.getLogger("io.opentelemetry").setLevel(java.util.logging.Level.OFF);
  }

  private OutputStream previousDiagnostics;
  private Diagnostics.Capture diagnostics;

  @BeforeEach
  void quietDiagnostics() {
    previousDiagnostics = Diagnostics.redirect(new ByteArrayOutputStream());
    diagnostics = Diagnostics.capture();
  }

  @AfterEach
  void restoreDiagnostics() {
    diagnostics.close();
    Diagnostics.redirect(previousDiagnostics);
  }

  @Test
  void upToMaxConcurrentExportsBatchesAreInFlightAndFlushWaitsForAllOfThem() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0)) {
      receiver.hold();
      try (OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint())
          .maxBatchSize(2).maxConcurrentExports(3).scheduleDelay(NEVER)
          .overflow(OverflowPolicy.BLOCK).build()) {
        emit(sink, 0, 6);
        // Three batches of two sent at once, all three held by the receiver.
        receiver.awaitArrivals(3);
        emit(sink, 6, 8);
        FlushResult inFlight = sink.flush(Duration.ofMillis(100));
        assertThat(inFlight.success()).isFalse();
        assertThat(inFlight.failedSinks().get(0).error()).contains("8 records pending");
        // The fourth batch waits for a free slot: it is still in the buffer, not sent.
        assertThat(receiver.arrivalsNotAwaited()).isZero();
        assertThat(sink.bufferDepth()).isEqualTo(2);

        receiver.open();
        assertThat(sink.flush(FLUSH).success()).isTrue();
        List<List<String>> batches = bodiesPerRequest(receiver, 4);
        // Each batch keeps its records in order; batches in flight together arrive in any order.
        assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSize(2)
            .satisfies(b -> assertThat(Integer.parseInt(b.get(1)))
                .isEqualTo(Integer.parseInt(b.get(0)) + 1)));
        assertThat(batches.stream().flatMap(List::stream))
            .containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6", "7");
        for (DropReason reason : DropReason.values()) {
          assertThat(sink.droppedCount(reason)).as(reason.name()).isZero();
        }
      }
    }
  }

  @Test
  void oneFailedBatchInFlightIsCountedExactlyAndTheOthersArrive() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0)) {
      receiver.hold();
      // 400 is not retried: whichever request the receiver answers first fails for good.
      receiver.answer(400);
      try (OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint())
          .maxBatchSize(3).maxConcurrentExports(3).scheduleDelay(NEVER).build()) {
        emit(sink, 0, 9);
        receiver.awaitArrivals(3);
        receiver.open();
        FlushResult result = sink.flush(FLUSH);
        assertThat(result.success()).isFalse();
        assertThat(result.droppedCount()).isEqualTo(3);
        assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isEqualTo(3);

        List<OtlpReceiver.Request> requests = List.of(receiver.take(), receiver.take(), receiver.take());
        List<String> failed = new ArrayList<>();
        List<String> delivered = new ArrayList<>();
        for (OtlpReceiver.Request request : requests) {
          request.records().forEach(r -> (request.status() == 200 ? delivered : failed)
              .add(r.getBody().getStringValue()));
        }
        assertThat(failed).isIn(List.of("0", "1", "2"), List.of("3", "4", "5"), List.of("6", "7", "8"));
        assertThat(delivered).hasSize(6).doesNotContainAnyElementsOf(failed);
        assertThat(diagnostics.messages()).anySatisfy(m -> assertThat(m)
            .startsWith("cannot write to the OTLP endpoint " + receiver.endpoint()));

        // A later success (one in flight with the failure, or the next batch) ends the fault
        // episode once, with the exact loss.
        emit(sink, 9, 10);
        assertThat(sink.flush(FLUSH).success()).isTrue();
        assertThat(receiver.take().records()).hasSize(1);
        assertThat(diagnostics.messages()).filteredOn(m -> m.contains("works again;"))
            .singleElement().asString().contains("3 records were dropped meanwhile");
      }
    }
  }

  @Test
  void closeWaitsForTheBatchesInFlightAndSendsWhatIsQueued() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0)) {
      receiver.hold();
      OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint())
          .maxBatchSize(2).maxConcurrentExports(2).scheduleDelay(NEVER).build();
      emit(sink, 0, 4);
      receiver.awaitArrivals(2);
      emit(sink, 4, 5);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(sink::close);
      awaitClosed(sink);
      emit(sink, 5, 6);
      assertThat(sink.droppedCount(DropReason.CLOSED)).isEqualTo(1);
      assertThat(closing).isNotDone();

      receiver.open();
      closing.get(15, TimeUnit.SECONDS);
      List<String> bodies = new ArrayList<>();
      bodiesPerRequest(receiver, 3).forEach(bodies::addAll);
      assertThat(bodies).containsExactlyInAnyOrder("0", "1", "2", "3", "4");
      assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isZero();
      assertThat(sink.droppedCount(DropReason.BUFFER_FULL)).isZero();
    }
  }

  @Test
  void oneExportAtATimeWhenSetToOne() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0)) {
      receiver.hold();
      try (OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint())
          .maxBatchSize(2).maxConcurrentExports(1).scheduleDelay(NEVER).build()) {
        emit(sink, 0, 4);
        receiver.awaitArrivals(1);
        FlushResult held = sink.flush(Duration.ofMillis(100));
        assertThat(held.failedSinks().get(0).error()).contains("4 records pending");
        assertThat(receiver.arrivalsNotAwaited()).isZero();
        assertThat(sink.bufferDepth()).isEqualTo(2);
        receiver.open();
        assertThat(sink.flush(FLUSH).success()).isTrue();
        assertThat(bodiesPerRequest(receiver, 2))
            .containsExactly(List.of("0", "1"), List.of("2", "3"));
      }
    }
  }

  @Test
  void badConcurrencyIsRejectedWithItsName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> OtlpSink.builder().maxConcurrentExports(0).build())
        .hasMessageContaining("maxConcurrentExports must be at least 1, got 0");
  }

  private static void emit(OtlpSink sink, int from, int to) {
    for (int i = from; i < to; i++) {
      sink.emit(LogRecord.builder().body(Integer.toString(i)).build());
    }
  }

  /** The bodies of the next {@code n} requests, in the order they were answered. */
  private static List<List<String>> bodiesPerRequest(OtlpReceiver receiver, int n)
      throws InterruptedException {
    List<List<String>> batches = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> bodies = new ArrayList<>();
      receiver.take().records().forEach(r -> bodies.add(r.getBody().getStringValue()));
      batches.add(bodies);
    }
    assertThat(receiver.drain()).isEmpty();
    return batches;
  }

  private static void awaitClosed(OtlpSink sink) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!sink.isClosed()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("sink not closed within 10 s");
      }
      Thread.onSpinWait();
    }
  }
}
