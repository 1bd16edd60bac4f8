package dev.dagstack.logger.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.LogRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lock-free caller side of {@link AsyncDelivery} under several producers: every record is
 * written once or counted once, each producer's records keep their order, the bounds hold, and
 * close and flush draw exact lines through concurrent emits.
 */
@Timeout(120)
class AsyncDeliveryConcurrencyTest {

  private static final Duration LONG = Duration.ofSeconds(30);
  private static final int PRODUCERS = 4;

  /** Records what it is given, checking each producer's order and the byte bound as it goes. */
  static final class CheckingWriter implements AsyncDelivery.BatchWriter {
    private final long[] lastSeen = new long[PRODUCERS];
    final AtomicLong written = new AtomicLong();
    final List<String> faults = new ArrayList<>();
    volatile AsyncDelivery delivery;
    volatile long byteBound = Long.MAX_VALUE;
    volatile boolean closed;

    CheckingWriter() {
      java.util.Arrays.fill(lastSeen, -1);
    }

    @Override
    public int write(LogRecord[] batch, byte[][] encoded, int count) {
      if (closed) {
        faults.add("write after close");
      }
      AsyncDelivery d = delivery;
      if (d != null && d.bufferedBytes() > byteBound) {
        faults.add("buffered " + d.bufferedBytes() + " bytes, bound " + byteBound);
      }
      for (int i = 0; i < count; i++) {
        // Bodies are "<producer>:<index>".
        String body = batch[i].bodyText();
        int colon = body.indexOf(':');
        int producer = Integer.parseInt(body.substring(0, colon));
        long index = Long.parseLong(body.substring(colon + 1));
        if (index <= lastSeen[producer]) {
          faults.add("producer " + producer + ": " + index + " after " + lastSeen[producer]);
        }
        lastSeen[producer] = index;
      }
      written.addAndGet(count);
      return 0;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** Starts {@link #PRODUCERS} threads that each emit {@code perProducer} records at once. */
  private static List<Thread> produce(AsyncDelivery delivery, int perProducer, AtomicLong emitted,
      AtomicBoolean stop) throws Exception {
    CyclicBarrier start = new CyclicBarrier(PRODUCERS + 1);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      int producer = p;
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        for (int i = 0; i < perProducer && !stop.get(); i++) {
          delivery.emit(LogRecord.builder().body(producer + ":" + i).build());
          emitted.incrementAndGet();
        }
      }, "producer-" + p);
      thread.start();
      threads.add(thread);
    }
    start.await();
    return threads;
  }

  private static long dropped(AsyncDelivery delivery) {
    long sum = 0;
    for (DropReason reason : DropReason.values()) {
      sum += delivery.droppedCount(reason);
    }
    return sum;
  }

  @ParameterizedTest
  @EnumSource(OverflowPolicy.class)
  void everyRecordIsWrittenOnceOrCountedOnceInItsProducersOrder(OverflowPolicy policy)
      throws Exception {
    CheckingWriter writer = new CheckingWriter();
    // Not a power of two: the ring rounds up, the bound stays exact.
    AsyncDelivery delivery = new AsyncDelivery("c", policy, 100, writer);
    AtomicLong emitted = new AtomicLong();
    for (Thread thread : produce(delivery, 50_000, emitted, new AtomicBoolean())) {
      thread.join();
    }
    delivery.flush(LONG);

    assertThat(writer.faults).isEmpty();
    assertThat(writer.written.get() + delivery.droppedCount(DropReason.BUFFER_FULL))
        .isEqualTo(emitted.get())
        .isEqualTo(PRODUCERS * 50_000L);
    if (policy == OverflowPolicy.BLOCK) {
      assertThat(delivery.droppedCount(DropReason.BUFFER_FULL)).isZero();
    }
    assertThat(delivery.depth()).isZero();
    assertThat(delivery.bufferedBytes()).isZero();
    delivery.close();
  }

  @RepeatedTest(20)
  void closeAmidConcurrentEmitsWritesOrCountsEveryRecord() throws Exception {
    CheckingWriter writer = new CheckingWriter();
    AsyncDelivery delivery = new AsyncDelivery("c", OverflowPolicy.DROP_OLDEST, 64, writer);
    AtomicLong emitted = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> producers = produce(delivery, Integer.MAX_VALUE, emitted, stop);
    AsyncDeliveryTest.awaitTrue("2,000 records written", () -> writer.written.get() >= 2_000);
    delivery.close();
    long writtenAtClose = writer.written.get();
    // Emits after close are counted as closed; let each producer make some.
    long closedBefore = delivery.droppedCount(DropReason.CLOSED);
    AsyncDeliveryTest.awaitTrue("1,000 emits after close",
        () -> delivery.droppedCount(DropReason.CLOSED) >= closedBefore + 1_000);
    stop.set(true);
    for (Thread thread : producers) {
      thread.join();
    }

    assertThat(writer.faults).isEmpty();
    assertThat(writer.closed).isTrue();
    assertThat(writer.written.get()).isEqualTo(writtenAtClose);
    assertThat(writer.written.get() + dropped(delivery)).isEqualTo(emitted.get());
  }

  @Test
  void eachFlushCoversEveryRecordItsThreadEmittedBeforeIt() throws Exception {
    CheckingWriter writer = new CheckingWriter();
    AsyncDelivery delivery = new AsyncDelivery("c", OverflowPolicy.BLOCK, 32, writer);
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicLong[] emittedBy = new AtomicLong[PRODUCERS];
    CountDownLatch done = new CountDownLatch(PRODUCERS);
    for (int p = 0; p < PRODUCERS; p++) {
      int producer = p;
      emittedBy[p] = new AtomicLong();
      new Thread(() -> {
        try {
          for (int round = 0; round < 200; round++) {
            for (int i = 0; i < 50; i++) {
              delivery.emit(LogRecord.builder()
                  .body(producer + ":" + emittedBy[producer].getAndIncrement()).build());
            }
            if (!delivery.flush(LONG).success()) {
              failures.add("flush failed");
            }
            long seen;
            synchronized (writer) {
              seen = writer.lastSeen[producer];
            }
            if (seen != emittedBy[producer].get() - 1) {
              failures.add("producer " + producer + " flushed after " + emittedBy[producer].get()
                  + " records, writer saw up to " + seen);
            }
          }
        } finally {
          done.countDown();
        }
      }).start();
    }
    done.await();

    assertThat(failures).isEmpty();
    assertThat(writer.written.get()).isEqualTo(PRODUCERS * 200L * 50);
    delivery.close();
  }

  @Test
  void theByteBoundHoldsUnderContention() throws Exception {
    CheckingWriter writer = new CheckingWriter();
    long bound = 64 * 1024;
    writer.byteBound = bound;
    AsyncDelivery delivery = new AsyncDelivery("c", OverflowPolicy.DROP_OLDEST, 100_000, bound,
        writer);
    writer.delivery = delivery;
    AtomicLong emitted = new AtomicLong();
    for (Thread thread : produce(delivery, 20_000, emitted, new AtomicBoolean())) {
      thread.join();
    }
    delivery.flush(LONG);

    assertThat(writer.faults).isEmpty();
    assertThat(delivery.droppedCount(DropReason.BUFFER_FULL)).isPositive();
    assertThat(writer.written.get() + delivery.droppedCount(DropReason.BUFFER_FULL))
        .isEqualTo(emitted.get());
    assertThat(delivery.bufferedBytes()).isZero();
    delivery.close();
  }

  @Test
  void aBufferThatIsNotAPowerOfTwoHoldsExactlyItsSize() throws Exception {
    AsyncDeliveryTest.GatedWriter writer = new AsyncDeliveryTest.GatedWriter(true);
    AsyncDelivery delivery = new AsyncDelivery("c", OverflowPolicy.DROP_NEWEST, 5, writer);
    AsyncDeliveryTest.emitBehindStuckWorker(delivery, writer, 1 + 5 + 3);

    assertThat(delivery.depth()).isEqualTo(5);
    assertThat(delivery.droppedCount(DropReason.BUFFER_FULL)).isEqualTo(3);
    writer.release.countDown();
    delivery.flush(LONG);
    assertThat(writer.written()).containsExactlyElementsOf(AsyncDeliveryTest.bodies(0, 6));
    delivery.close();
  }
}
