package dev.dagstack.logger.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class AsyncDeliveryTest {

  private static final Duration LONG = Duration.ofSeconds(10);

  /** Collects bodies; the first write blocks until {@link #release} opens. */
  static final class GatedWriter implements AsyncDelivery.BatchWriter {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release;
    final List<String> written = new ArrayList<>();
    final List<Integer> batchSizes = new ArrayList<>();
    volatile boolean closed;

    GatedWriter(boolean gated) {
      release = new CountDownLatch(gated ? 1 : 0);
    }

    @Override
    public int write(LogRecord[] batch, byte[][] encoded, int count) {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (this) {
        batchSizes.add(count);
        for (int i = 0; i < count; i++) {
          written.add(batch[i].bodyText());
        }
      }
      return 0;
    }

    synchronized List<String> written() {
      return new ArrayList<>(written);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static LogRecord record(String body) {
    return LogRecord.builder().body(body).build();
  }

  static List<String> bodies(int from, int toExclusive) {
    return IntStream.range(from, toExclusive).mapToObj(i -> "r" + i).collect(Collectors.toList());
  }

  /** Emits r0, waits until the worker is stuck writing it, then emits r1..r{total-1}. */
  static void emitBehindStuckWorker(AsyncDelivery delivery, GatedWriter writer, int total)
      throws InterruptedException {
    delivery.emit(record("r0"));
    writer.entered.await();
    for (int i = 1; i < total; i++) {
      delivery.emit(record("r" + i));
    }
  }

  @Test
  void dropNewestCountsEveryRecordThatDidNotFit() throws Exception {
    GatedWriter writer = new GatedWriter(true);
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.DROP_NEWEST, 4, writer);
    emitBehindStuckWorker(delivery, writer, 1 + 4 + 7);

    assertThat(delivery.droppedCount(DropReason.BUFFER_FULL)).isEqualTo(7);
    writer.release.countDown();
    FlushResult flushed = delivery.flush(LONG);
    // Everything pending was written, but records were lost: partial, with the count.
    assertThat(flushed.success()).isFalse();
    assertThat(flushed.partial()).isTrue();
    assertThat(flushed.droppedCount()).isEqualTo(7);
    assertThat(flushed.failedSinks()).singleElement().satisfies(failed -> assertThat(
        failed.error()).isEqualTo("7 records dropped since the previous flush (buffer_full: 7)"));
    assertThat(delivery.flush(LONG).success()).isTrue();
    assertThat(writer.written()).containsExactlyElementsOf(bodies(0, 5));
    delivery.close();
  }

  @Test
  void dropOldestKeepsTheNewestRecords() throws Exception {
    GatedWriter writer = new GatedWriter(true);
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.DROP_OLDEST, 4, writer);
    emitBehindStuckWorker(delivery, writer, 1 + 4 + 7);

    assertThat(delivery.droppedCount(DropReason.BUFFER_FULL)).isEqualTo(7);
    writer.release.countDown();
    FlushResult flushed = delivery.flush(LONG);
    // Everything pending was written, but records were lost: partial, with the count.
    assertThat(flushed.success()).isFalse();
    assertThat(flushed.partial()).isTrue();
    assertThat(flushed.droppedCount()).isEqualTo(7);
    assertThat(flushed.failedSinks()).singleElement().satisfies(failed -> assertThat(
        failed.error()).isEqualTo("7 records dropped since the previous flush (buffer_full: 7)"));
    assertThat(delivery.flush(LONG).success()).isTrue();
    List<String> expected = new ArrayList<>(List.of("r0"));
    expected.addAll(bodies(8, 12));
    assertThat(writer.written()).containsExactlyElementsOf(expected);
    delivery.close();
  }

  @Test
  void blockMakesTheCallerWaitAndLosesNothing() throws Exception {
    GatedWriter writer = new GatedWriter(true);
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.BLOCK, 4, writer);
    delivery.emit(record("r0"));
    writer.entered.await();
    for (int i = 1; i <= 4; i++) {
      delivery.emit(record("r" + i));
    }
    Thread producer = new Thread(() -> {
      for (int i = 5; i < 12; i++) {
        delivery.emit(record("r" + i));
      }
    });
    producer.start();
    awaitProducerWaitingForRoom(delivery);
    writer.release.countDown();
    producer.join();

    assertThat(delivery.flush(LONG).success()).isTrue();
    assertThat(writer.written()).containsExactlyElementsOf(bodies(0, 12));
    for (DropReason reason : DropReason.values()) {
      assertThat(delivery.droppedCount(reason)).as(reason.tag()).isZero();
    }
    delivery.close();
  }

  @Test
  void closeReleasesProducersWaitingForRoomAndCountsThemAsClosed() throws Exception {
    GatedWriter writer = new GatedWriter(true);
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.BLOCK, 2, writer);
    emitBehindStuckWorker(delivery, writer, 3);
    Thread producer = new Thread(() -> delivery.emit(record("late")));
    producer.start();
    awaitProducerWaitingForRoom(delivery);
    Thread closer = new Thread(delivery::close);
    closer.start();
    producer.join();
    writer.release.countDown();
    closer.join();

    assertThat(delivery.droppedCount(DropReason.CLOSED)).isEqualTo(1);
    assertThat(writer.written()).containsExactlyElementsOf(bodies(0, 3));
    assertThat(writer.closed).isTrue();
  }

  @Test
  void flushTimesOutNamingTheSinkAndWhatIsPending() throws Exception {
    GatedWriter writer = new GatedWriter(true);
    AsyncDelivery delivery = new AsyncDelivery("slow-sink", OverflowPolicy.DROP_OLDEST, 8, writer);
    emitBehindStuckWorker(delivery, writer, 6);

    FlushResult result = delivery.flush(Duration.ofMillis(50));

    assertThat(result.success()).isFalse();
    assertThat(result.failedSinks()).singleElement().satisfies(failed -> {
      assertThat(failed.sinkId()).isEqualTo("slow-sink");
      assertThat(failed.error()).isEqualTo("timed out with 6 records pending");
    });
    writer.release.countDown();
    assertThat(delivery.flush(LONG).success()).isTrue();
    delivery.close();
  }

  @Test
  void flushWaitsForEverythingEmittedBeforeIt() {
    GatedWriter writer = new GatedWriter(false);
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.BLOCK, 16, writer);
    for (int i = 0; i < 5000; i++) {
      delivery.emit(record("r" + i));
    }
    assertThat(delivery.flush(LONG).success()).isTrue();
    assertThat(writer.written()).containsExactlyElementsOf(bodies(0, 5000));
    assertThat(writer.batchSizes).anySatisfy(size -> assertThat(size).isGreaterThan(1));
    delivery.close();
  }

  @Test
  void closeWritesWhatIsPendingAndLaterEmitsAreCountedAsClosed() {
    GatedWriter writer = new GatedWriter(false);
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.DROP_OLDEST, 8192, writer);
    for (int i = 0; i < 1000; i++) {
      delivery.emit(record("r" + i));
    }
    delivery.close();
    assertThat(writer.written()).containsExactlyElementsOf(bodies(0, 1000));
    assertThat(writer.closed).isTrue();

    delivery.emit(record("late"));
    delivery.emit(record("later"));
    delivery.close();

    assertThat(delivery.droppedCount(DropReason.CLOSED)).isEqualTo(2);
    assertThat(delivery.flush(LONG).droppedCount()).isEqualTo(2);
    assertThat(delivery.flush(LONG).success()).isTrue();
  }

  @Test
  void aWriterThatThrowsLosesOnlyItsBatchAndCountsIt() {
    List<String> written = new ArrayList<>();
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.BLOCK, 16,
        new AsyncDelivery.BatchWriter() {
          @Override
          public int write(LogRecord[] batch, byte[][] encoded, int count) {
            if (batch[0].bodyText().equals("boom")) {
              throw new IllegalStateException("boom");
            }
            for (int i = 0; i < count; i++) {
              written.add(batch[i].bodyText());
            }
            return 0;
          }

          @Override
          public void close() {}
        });
    delivery.emit(record("boom"));
    delivery.flush(LONG);
    delivery.emit(record("after"));
    assertThat(delivery.flush(LONG).success()).isTrue();

    assertThat(delivery.droppedCount(DropReason.WRITE_ERROR)).isEqualTo(1);
    assertThat(written).containsExactly("after");
    delivery.close();
  }

  @Test
  void theWorkerIsANamedDaemon() throws Exception {
    GatedWriter writer = new GatedWriter(true);
    AsyncDelivery delivery = new AsyncDelivery("named", OverflowPolicy.DROP_OLDEST, 4, writer);
    delivery.emit(record("r0"));
    writer.entered.await();
    Thread worker = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("dagstack-sink-named")).findFirst().orElseThrow();
    assertThat(worker.isDaemon()).isTrue();
    writer.release.countDown();
    delivery.close();
    worker.join();
  }

  /**
   * Waits until a producer is parked inside emit for lack of room: the engine's own state, the
   * only observable of "blocked".
   */
  private static void awaitProducerWaitingForRoom(AsyncDelivery delivery) {
    awaitTrue("a producer waiting for room", () -> delivery.waitingForRoom() > 0);
  }

  /**
   * Spins until {@code condition} holds; bounded, so a regression fails the test instead of
   * hanging the build (JUnit's timeout cannot stop a spinning thread).
   */
  static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + LONG + ": " + what);
      }
      Thread.onSpinWait();
    }
  }
}
