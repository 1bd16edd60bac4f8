package dev.dagstack.logger.sink;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A separate JVM for {@link SinkProcessTest}: {@code kill <file>} writes until it is killed,
 * {@code exit <file> <n>} emits n records and exits without closing, {@code stuck} exits with
 * records stuck behind a stream that never returns, {@code wide <n>} logs n records of 300
 * attributes through the logger into a stuck console sink (run with a small heap).
 */
public final class SinkWriterProcess {

  private SinkWriterProcess() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "kill":
        writeUntilKilled(Path.of(args[1]));
        break;
      case "exit":
        emitAndExit(Path.of(args[1]), Integer.parseInt(args[2]));
        break;
      case "stuck":
        exitWithStuckRecords();
        break;
      case "wide":
        wideRecordsIntoAStuckSink(Integer.parseInt(args[1]));
        break;
      default:
        throw new IllegalArgumentException(args[0]);
    }
  }

  private static void writeUntilKilled(Path file) {
    FileSink sink = FileSink.builder(file).maxBytes(1 << 20).keep(1000)
        .overflow(OverflowPolicy.BLOCK).build();
    long seq = 0;
    for (; seq < 5000; seq++) {
      sink.emit(SinkTestRecords.tagged(0, seq));
    }
    sink.flush(java.time.Duration.ofSeconds(30));
    System.out.println("writing");
    System.out.flush();
    while (true) {
      sink.emit(SinkTestRecords.tagged(0, seq++));
    }
  }

  private static void emitAndExit(Path file, int count) {
    FileSink sink = FileSink.builder(file).overflow(OverflowPolicy.BLOCK).build();
    for (int i = 0; i < count; i++) {
      sink.emit(SinkTestRecords.tagged(0, i));
    }
    System.exit(0);
  }

  private static void exitWithStuckRecords() throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    OutputStream neverReturns = new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        entered.countDown();
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    ConsoleSink sink = ConsoleSink.builder().id("stuck-console").stream(neverReturns).build();
    sink.emit(SinkTestRecords.fixed("first"));
    entered.await();
    sink.emit(SinkTestRecords.fixed("second"));
    sink.emit(SinkTestRecords.fixed("third"));
    System.exit(0);
  }

  /** Issue 11, case 13: a stuck sink's buffer is bounded in bytes, so the heap is not exhausted. */
  private static void wideRecordsIntoAStuckSink(int count) throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    OutputStream neverReturns = new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        entered.countDown();
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    ConsoleSink sink = ConsoleSink.builder().id("stuck-wide").mode(ConsoleSink.Mode.JSON)
        .stream(neverReturns).build();
    dev.dagstack.logger.Logger.configure(
        dev.dagstack.logger.LoggerConfiguration.builder().sinks(sink).build());
    dev.dagstack.logger.Logger logger = dev.dagstack.logger.Logger.get("wide");
    logger.info("first");
    entered.await();
    for (int n = 0; n < count; n++) {
      java.util.Map<String, Object> attributes = new java.util.HashMap<>();
      for (int i = 0; i < 300; i++) {
        attributes.put("attribute.number." + i, "value " + n + " of attribute " + i);
      }
      logger.info("wide " + n, attributes);
    }
    System.out.println("survived: dropped " + sink.droppedCount(DropReason.BUFFER_FULL));
    System.out.flush();
    System.exit(0);
  }
}
