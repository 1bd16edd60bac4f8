package dev.dagstack.logger.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one stall watchdog every viewer host uses (the CLI server's answers and streams, the
 * starter's blocking fallback): it interrupts the writing thread at its bound, never after it was
 * closed, and closing clears the interrupt it delivered, not one from elsewhere.
 */
class WatchdogTest {

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted(); // a failed test must not leave the interrupt to the next one
  }

  /** Blocks the calling thread until an interrupt ends the wait. */
  private static void awaitInterrupt() {
    assertThatThrownBy(() -> new CountDownLatch(1).await(30, TimeUnit.SECONDS))
        .as("interrupted by the watchdog").isInstanceOf(InterruptedException.class);
  }

  @Test
  void interruptsTheWriterAtItsBoundAndClosingClearsThatInterrupt() {
    Watchdog watchdog = Watchdog.interruptingAfter(System.nanoTime(), Duration.ofMillis(20));
    awaitInterrupt();
    Thread.currentThread().interrupt(); // restored, as polite code does
    watchdog.close();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void closingKeepsAnInterruptFromElsewhere() {
    Watchdog watchdog = Watchdog.interruptingAfter(System.nanoTime(), Duration.ofHours(1));
    Thread.currentThread().interrupt(); // e.g. the server shutting its threads down
    watchdog.close();
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void aClosedWatchdogNeverInterrupts() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      Watchdog.interruptingAfter(System.nanoTime(), Duration.ofMillis(20)).close();
      closed.countDown();
      try {
        done.await();
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
    });
    writer.start();
    assertThat(closed.await(30, TimeUnit.SECONDS)).isTrue();
    // The one watchdog thread fires in deadline order: once a later watchdog fired, the closed
    // one's time has passed too.
    try (Watchdog later = Watchdog.interruptingAfter(System.nanoTime(), Duration.ofMillis(40))) {
      awaitInterrupt();
    }
    done.countDown();
    writer.join();
    assertThat(interrupted).as("interrupted after close").isFalse();
  }

  @Test
  void aStreamWrittenWithBlockingWritesIsCutOffAtItsCutoffAndClosingClearsTheInterrupt() {
    ViewerApi api = new ViewerApi(new ViewerBuffer(10), 1, Duration.ofMillis(50));
    OutputStream stalled = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          new CountDownLatch(1).await(30, TimeUnit.SECONDS); // a client that stopped reading
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("write cut off");
        }
        throw new AssertionError("the stalled write was not cut off");
      }
    };
    try (ViewerApi.Stream stream = api.openStream(null, Map.of())) {
      assertThat(stream.refusal()).isNull();
      stream.interruptWhenStalled();
      assertThatThrownBy(() -> stream.writeTo(stalled)).isInstanceOf(InterruptedIOException.class);
    }
    assertThat(Thread.currentThread().isInterrupted()).as("interrupt left by the watchdog").isFalse();
    try (ViewerApi.Stream again = api.openStream(null, Map.of())) {
      assertThat(again.refusal()).as("the slot is free again").isNull();
    }
  }
}
