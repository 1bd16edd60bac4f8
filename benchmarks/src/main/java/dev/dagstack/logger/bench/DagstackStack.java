package dev.dagstack.logger.bench;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.FileSink;
import dev.dagstack.logger.sink.OverflowPolicy;
import java.nio.file.Path;
import java.time.Duration;

/** (a) The dagstack core configured with one {@link FileSink} at INFO. */
final class DagstackStack {

  static final String LOGGER_NAME = "bench.orders";

  private final FileSink sink;

  DagstackStack(Path logFile, OverflowPolicy overflow) {
    sink = FileSink.builder(logFile).overflow(overflow).bufferSize(Batch.QUEUE).build();
    Logger.configure(LoggerConfiguration.builder()
        .rootLevel(Severity.INFO)
        .sinks(sink)
        .resourceAttribute("service.name", "bench")
        .build());
  }

  Logger logger() {
    return Logger.get(LOGGER_NAME);
  }

  /**
   * Flushes; fails when records are still pending. Drops are not a failure here (drop_oldest
   * drops by design; the harness counts them from the sink) although the result reports them.
   */
  void flush() {
    FlushResult flushed = sink.flush(Duration.ofMinutes(1));
    if (!flushed.success() && !flushed.partial()) {
      throw new IllegalStateException("flush failed: " + flushed);
    }
  }

  /** Flushes and closes the sink; returns how many records it dropped, for any reason. */
  long stop() {
    flush();
    sink.close();
    long dropped = 0;
    for (DropReason reason : DropReason.values()) {
      dropped += sink.droppedCount(reason);
    }
    return dropped;
  }
}
