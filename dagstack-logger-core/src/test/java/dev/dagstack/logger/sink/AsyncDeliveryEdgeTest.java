package dev.dagstack.logger.sink;

import static dev.dagstack.logger.sink.AsyncDeliveryTest.bodies;
import static dev.dagstack.logger.sink.AsyncDeliveryTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The delivery engine's edges a newcomer's stress tests found: bytes, interrupts, close. */
@Timeout(60)
class AsyncDeliveryEdgeTest {

  private static final Duration LONG = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private static LogRecord sized(String name, int chars) {
    return record(name + " " + "x".repeat(chars));
  }

  @Test
  void dropOldestKeepsTheBufferWhenOnlyTheBatchBeingWrittenLeavesNoRoom() throws Exception {
    AsyncDeliveryTest.GatedWriter writer = new AsyncDeliveryTest.GatedWriter(true);
    LogRecord big = sized("r0", 1500);
    long bound = RecordSize.estimate(big) + 5 * RecordSize.estimate(sized("rN", 10)) + 200;
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.DROP_OLDEST, 1000, bound,
        writer);
    delivery.emit(big);
    writer.entered.await();
    List<LogRecord> small = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      small.add(sized("r" + i, 10));
      delivery.emit(small.get(i - 1));
    }
    // Larger than what the batch being written leaves free: pushing r1..r5 out cannot help.
    delivery.emit(sized("too-big-now", 1500));

    assertThat(delivery.droppedCount(DropReason.BUFFER_FULL)).isEqualTo(1);
    assertThat(delivery.depth()).isEqualTo(5);
    writer.release.countDown();
    FlushResult flushed = delivery.flush(LONG);
    // Everything pending is written: the flush does not wait for positions no batch covers.
    assertThat(flushed.partial()).as(flushed.toString()).isTrue();
    assertThat(flushed.droppedCount()).isEqualTo(1);
    assertThat(delivery.flush(LONG).success()).isTrue();
    assertThat(writer.written()).hasSize(6);
    delivery.close();
  }

  @Test
  void aFlushAfterTheOldestWerePushedOutReturnsOnceTheRestIsWritten() throws Exception {
    AsyncDeliveryTest.GatedWriter writer = new AsyncDeliveryTest.GatedWriter(true);
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.DROP_OLDEST, 4, writer);
    AsyncDeliveryTest.emitBehindStuckWorker(delivery, writer, 1 + 4 + 3);
    writer.release.countDown();

    FlushResult flushed = delivery.flush(LONG);
    assertThat(flushed.partial()).as(flushed.toString()).isTrue();
    assertThat(flushed.droppedCount()).isEqualTo(3);
    assertThat(writer.written()).containsExactly("r0", "r4", "r5", "r6", "r7");
    delivery.close();
  }

  @Test
  void anInterruptedWorkerKeepsWritingTheFile() throws Exception {
    Path file = dir.resolve("app.jsonl");
    try (FileSink sink = FileSink.builder(file).build()) {
      sink.emit(record("before"));
      assertThat(sink.flush(LONG).success()).isTrue();
      Thread worker = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().equals("dagstack-sink-" + sink.id())).findFirst().orElseThrow();
      // An interrupt meant for someone else (ThreadGroup.interrupt reaches the worker too).
      worker.interrupt();
      for (int i = 0; i < 100; i++) {
        sink.emit(record("after " + i));
      }
      FlushResult flushed = sink.flush(LONG);

      assertThat(flushed.success()).as(flushed.toString()).isTrue();
      assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isZero();
      assertThat(Files.readAllLines(file)).hasSize(101);
    }
  }

  @Test
  void anInterruptDuringTheWriteDoesNotFailTheBatch() throws Exception {
    Path file = dir.resolve("app.jsonl");
    // A body converted on the worker that restores an interrupt, as polite code does.
    Object polite = new Object() {
      @Override
      public String toString() {
        Thread.currentThread().interrupt();
        return "polite";
      }
    };
    try (FileSink sink = FileSink.builder(file).build()) {
      for (int i = 0; i < 5; i++) {
        sink.emit(record("plain " + i));
      }
      sink.emit(new LogRecord(1L, null, 9, polite, dev.dagstack.logger.record.Attrs.empty(),
          null, null, null, null, 0));
      for (int i = 5; i < 10; i++) {
        sink.emit(record("plain " + i));
      }
      FlushResult flushed = sink.flush(LONG);

      assertThat(flushed.success()).as(flushed.toString()).isTrue();
      assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isZero();
      assertThat(Files.readAllLines(file)).hasSize(11).anyMatch(line -> line.contains("polite"));
    }
  }

  @Test
  void anInterruptDuringARotationDoesNotFailTheBatch() throws Exception {
    Path file = dir.resolve("app.jsonl");
    Object polite = new Object() {
      @Override
      public String toString() {
        Thread.currentThread().interrupt();
        return "polite";
      }
    };
    // Each line is over 100 bytes: every record after the first rotates the file.
    try (FileSink sink = FileSink.builder(file).maxBytes(150).keep(20).build()) {
      sink.emit(record("plain 0"));
      sink.emit(new LogRecord(1L, null, 9, polite, dev.dagstack.logger.record.Attrs.empty(),
          null, null, null, null, 0));
      sink.emit(record("plain 1"));
      FlushResult flushed = sink.flush(LONG);

      assertThat(flushed.success()).as(flushed.toString()).isTrue();
      assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isZero();
      long lines = 0;
      try (var files = Files.list(dir)) {
        for (Path each : (Iterable<Path>) files::iterator) {
          lines += Files.readAllLines(each).size();
        }
      }
      assertThat(lines).isEqualTo(3);
    }
  }

  @Test
  void theShutdownHookSaysWhatAStuckCloseLeavesUnwritten() throws Exception {
    AsyncDeliveryTest.GatedWriter writer = new AsyncDeliveryTest.GatedWriter(true);
    AsyncDelivery delivery = new AsyncDelivery("stuck", OverflowPolicy.BLOCK, 10, writer);
    AsyncDeliveryTest.emitBehindStuckWorker(delivery, writer, 6);
    Thread closer = new Thread(delivery::close);
    closer.start();
    AsyncDeliveryTest.awaitTrue("the sink closed", delivery::isClosed);
    try (StandardErrorCapture stderr = new StandardErrorCapture()) {
      delivery.finishClosed(Duration.ofMillis(50));

      assertThat(stderr.text())
          .contains("shutdown ended before the sink's close wrote everything: timed out with 6");
    }
    writer.release.countDown();
    closer.join();
  }

  @Test
  void closeFromAnInterruptedThreadStillWritesWhatIsPending() throws Exception {
    AsyncDeliveryTest.GatedWriter writer = new AsyncDeliveryTest.GatedWriter(true);
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.BLOCK, 10, writer);
    AsyncDeliveryTest.emitBehindStuckWorker(delivery, writer, 6);
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread closer = new Thread(() -> {
      Thread.currentThread().interrupt();
      delivery.close();
      stillInterrupted.set(Thread.currentThread().isInterrupted());
    });
    closer.start();
    AsyncDeliveryTest.awaitTrue("the sink closed", delivery::isClosed);
    writer.release.countDown();
    closer.join();

    assertThat(writer.written()).containsExactlyElementsOf(bodies(0, 6));
    assertThat(writer.closed).isTrue();
    assertThat(stillInterrupted).isTrue();
  }

  @Test
  void whatCloseCannotWriteInTimeIsCountedAsClosed() throws Exception {
    AsyncDeliveryTest.GatedWriter writer = new AsyncDeliveryTest.GatedWriter(true);
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.DROP_NEWEST, 10, writer);
    delivery.closeTimeout(Duration.ofMillis(200));
    AsyncDeliveryTest.emitBehindStuckWorker(delivery, writer, 6);

    try (StandardErrorCapture stderr = new StandardErrorCapture()) {
      delivery.close();
      assertThat(delivery.droppedCount(DropReason.CLOSED)).isEqualTo(5);
      assertThat(stderr.text()).contains("the 5 records still queued are dropped");
    }
    // The stuck batch ends later; the worker then stops without writing the abandoned records.
    writer.release.countDown();
    AsyncDeliveryTest.awaitTrue("the writer closed", () -> writer.closed);
    assertThat(writer.written()).containsExactly("r0");
  }

  @Test
  void dropsAfterCloseAreReportedAndSummedUpAtShutdown() throws Exception {
    AsyncDeliveryTest.GatedWriter writer = new AsyncDeliveryTest.GatedWriter(false);
    AsyncDelivery delivery = new AsyncDelivery("closed-drops", OverflowPolicy.DROP_OLDEST, 10,
        writer);
    delivery.close();
    try (StandardErrorCapture stderr = new StandardErrorCapture()) {
      for (int i = 0; i < 5000; i++) {
        delivery.emit(record("late " + i));
      }
      ShutdownFlush.flushAll();

      assertThat(delivery.droppedCount(DropReason.CLOSED)).isEqualTo(5000);
      assertThat(stderr.text()).contains("\"dagstack.dropped_total.closed\":5000");
    }
  }

  /** Runs {@code action} on a thread, waits until it waits, lets the writer go; the count then. */
  private static int writtenWhenItReturns(AsyncDeliveryTest.GatedWriter writer, Runnable action)
      throws InterruptedException {
    AtomicInteger written = new AtomicInteger(-1);
    Thread thread = new Thread(() -> {
      action.run();
      written.set(writer.written().size());
    });
    thread.start();
    AsyncDeliveryTest.awaitTrue("the thread waiting or done",
        () -> !thread.isAlive() || thread.getState() == Thread.State.TIMED_WAITING);
    writer.release.countDown();
    thread.join();
    return written.get();
  }

  @Test
  void aSecondCloseReturnsOnceTheFirstHasWrittenWhatWasPending() throws Exception {
    AsyncDeliveryTest.GatedWriter writer = new AsyncDeliveryTest.GatedWriter(true);
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.BLOCK, 10, writer);
    AsyncDeliveryTest.emitBehindStuckWorker(delivery, writer, 6);
    Thread first = new Thread(delivery::close);
    first.start();
    AsyncDeliveryTest.awaitTrue("the sink closed", delivery::isClosed);

    assertThat(writtenWhenItReturns(writer, delivery::close)).isEqualTo(6);
    first.join();
  }

  @Test
  void theWorkerDoesNotHoldTheCreatingThreadsContextClassLoader() throws Exception {
    // A web application's loader, as when a sink is made during a servlet container's start.
    ClassLoader webapp = new java.net.URLClassLoader(new java.net.URL[0], null);
    Thread current = Thread.currentThread();
    ClassLoader before = current.getContextClassLoader();
    current.setContextClassLoader(webapp);
    AsyncDelivery delivery;
    try {
      delivery = new AsyncDelivery("tccl-probe", OverflowPolicy.BLOCK, 10,
          new AsyncDeliveryTest.GatedWriter(false));
    } finally {
      current.setContextClassLoader(before);
    }
    try {
      Thread worker = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().equals("dagstack-sink-tccl-probe")).findFirst().orElseThrow();
      assertThat(worker.getContextClassLoader()).isNotSameAs(webapp)
          .isSameAs(AsyncDelivery.class.getClassLoader());
    } finally {
      delivery.close();
    }
  }

  @Test
  void afterACloseThatGaveUpASecondCloseAndTheShutdownHookDoNotWaitAgain() throws Exception {
    AsyncDeliveryTest.GatedWriter writer = new AsyncDeliveryTest.GatedWriter(true);
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.BLOCK, 10, writer);
    delivery.closeTimeout(Duration.ofMillis(200));
    AsyncDeliveryTest.emitBehindStuckWorker(delivery, writer, 6);
    try (StandardErrorCapture stderr = new StandardErrorCapture()) {
      delivery.close();
      assertThat(stderr.text()).contains("the 5 records still queued are dropped");
      // The writer is still stuck: another bound for it would only delay the process's exit.
      delivery.closeTimeout(Duration.ofMinutes(5));
      assertTimeoutPreemptively(Duration.ofSeconds(20), delivery::close);
      assertTimeoutPreemptively(Duration.ofSeconds(20),
          () -> delivery.finishClosed(Duration.ofMinutes(5)));
      // What the hook leaves: the one record of the stuck batch, named as unconfirmed.
      assertThat(stderr.text()).contains("the sink's close gave up with 1 records pending"
          + " (neither confirmed written nor counted as dropped)");
    } finally {
      writer.release.countDown();
    }
  }

  @Test
  void theShutdownHookWaitsForACloseStillWriting() throws Exception {
    AsyncDeliveryTest.GatedWriter writer = new AsyncDeliveryTest.GatedWriter(true);
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.BLOCK, 10, writer);
    AsyncDeliveryTest.emitBehindStuckWorker(delivery, writer, 6);
    Thread closer = new Thread(delivery::close);
    closer.start();
    AsyncDeliveryTest.awaitTrue("the sink closed", delivery::isClosed);

    // The hook's own step for a closed sink (flushAll also walks other tests' sinks).
    assertThat(writtenWhenItReturns(writer, () -> delivery.finishClosed(LONG))).isEqualTo(6);
    closer.join();
  }
}
