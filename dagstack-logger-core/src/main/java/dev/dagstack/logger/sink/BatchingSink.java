package dev.dagstack.logger.sink;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.IntConsumer;

/**
 * A sink that hands records to a {@link BatchExporter} in batches (spec §7.2): the shared
 * delivery engine's bounded buffer with its overflow policy and exact drop counts, and one worker
 * that sends a batch when {@code maxBatchSize} records are waiting or {@code scheduleDelay} has
 * passed since it started waiting, whichever comes first; {@code flush} and {@code close} send at
 * once. The defaults follow the OpenTelemetry SDK's {@code BatchLogRecordProcessor}: 2048
 * buffered records, batches of 512, a 1 s delay.
 *
 * <p>With {@code maxConcurrentExports} above 1 and an exporter that sends asynchronously
 * ({@link BatchExporter#exportAsync}), the worker starts the next batch while up to that many
 * are still being delivered; records keep their order within a batch, batches in flight may
 * arrive in any order. {@code flush} waits for every batch in flight (up to its deadline) and
 * {@code close} lets them finish. The buffer's record bound counts waiting records only (the
 * batches in flight add at most {@code maxConcurrentExports × maxBatchSize}); its byte bound
 * counts both.
 *
 * <p>A batch the exporter fails is counted as {@link DropReason#WRITE_ERROR}; the first failure
 * of an episode is reported on the diagnostic channel with its cause, and the recovery with the
 * number of records lost meanwhile.
 */
public class BatchingSink extends AsyncSink {

  /** Records that may wait for the exporter, as {@code BatchLogRecordProcessor}'s queue. */
  public static final int DEFAULT_BUFFER_SIZE = 2048;
  /** Records per export call, as {@code BatchLogRecordProcessor}'s max export batch size. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 512;
  /** How long a partial batch waits, as {@code BatchLogRecordProcessor}'s schedule delay. */
  public static final Duration DEFAULT_SCHEDULE_DELAY = Duration.ofSeconds(1);

  /**
   * A sink exporting through {@code exporter}; checks the settings first.
   *
   * @param id the sink id (for drop counts and diagnostics)
   * @param minSeverity 1..24
   * @param bufferSize at least 1
   * @param maxBatchSize at least 1 (capped at {@code bufferSize})
   * @param scheduleDelay at least 1 ms
   * @throws IllegalArgumentException naming the sink and the bad setting
   */
  protected BatchingSink(String id, int minSeverity, OverflowPolicy overflow, int bufferSize,
      int maxBatchSize, Duration scheduleDelay, BatchExporter exporter) {
    this(id, minSeverity, overflow, bufferSize, maxBatchSize, scheduleDelay, 1, exporter);
  }

  /**
   * A sink exporting through {@code exporter} with up to {@code maxConcurrentExports} batches in
   * flight; checks the settings first.
   *
   * @param maxConcurrentExports at least 1; above 1 only an exporter that overrides
   *     {@link BatchExporter#exportAsync} has several batches in flight
   * @throws IllegalArgumentException naming the sink and the bad setting
   */
  protected BatchingSink(String id, int minSeverity, OverflowPolicy overflow, int bufferSize,
      int maxBatchSize, Duration scheduleDelay, int maxConcurrentExports,
      BatchExporter exporter) {
    super(id, minSeverity, overflow, bufferSize, AsyncSinkDefaults.BUFFER_BYTES, maxBatchSize,
        checked(id, minSeverity, overflow, bufferSize, maxBatchSize, scheduleDelay,
            maxConcurrentExports, exporter),
        maxConcurrentExports, new ExportWriter(id, exporter));
  }

  private static Duration checked(String id, int minSeverity, OverflowPolicy overflow,
      int bufferSize, int maxBatchSize, Duration scheduleDelay, int maxConcurrentExports,
      BatchExporter exporter) {
    checkSettings(id, minSeverity, overflow, bufferSize, maxBatchSize, scheduleDelay,
        maxConcurrentExports);
    if (exporter == null) {
      throw new IllegalArgumentException("sink " + id + ": exporter is required");
    }
    return scheduleDelay;
  }

  /**
   * The checks of the constructor, for a subclass to run before it builds its exporter (one
   * that opens connections or starts threads should not do so for settings about to be
   * refused). Same parameters as the constructor's.
   *
   * @throws IllegalArgumentException naming the sink and the bad setting
   */
  protected static void checkSettings(String id, int minSeverity, OverflowPolicy overflow,
      int bufferSize, int maxBatchSize, Duration scheduleDelay, int maxConcurrentExports) {
    String where = "sink " + id + ": ";
    if (maxConcurrentExports < 1) {
      throw new IllegalArgumentException(
          where + "maxConcurrentExports must be at least 1, got " + maxConcurrentExports);
    }
    checkCommonSettings(where, minSeverity, overflow, bufferSize, AsyncSinkDefaults.BUFFER_BYTES,
        AsyncSinkDefaults.MAX_RECORD_BYTES);
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException(where + "maxBatchSize must be at least 1, got " + maxBatchSize);
    }
    if (scheduleDelay == null || scheduleDelay.toMillis() < 1) {
      throw new IllegalArgumentException(
          where + "scheduleDelay must be at least 1 ms, got " + scheduleDelay);
    }
  }

  /**
   * Adapts the exporter to the engine's writer: one call per batch, started on the worker and
   * finished when the exporter's stage completes (on whatever thread completes it); faults
   * counted and reported.
   */
  private static final class ExportWriter implements AsyncDelivery.BatchWriter {
    private final BatchExporter exporter;
    /** Guarded by itself: batches in flight finish on the exporter's threads. */
    private final WriteFaults faults;

    ExportWriter(String sinkId, BatchExporter exporter) {
      this.exporter = exporter;
      this.faults = new WriteFaults(sinkId, exporter.target(), Attrs.empty());
    }

    @Override
    public int write(LogRecord[] batch, byte[][] encoded, int count) {
      // The engine calls start(), which this writer overrides.
      throw new UnsupportedOperationException("BatchingSink exports start with start()");
    }

    @Override
    public void start(LogRecord[] batch, int count, IntConsumer done) {
      List<LogRecord> view = Arrays.asList(batch).subList(0, count);
      CompletionStage<?> stage;
      try {
        stage = exporter.exportAsync(view);
      } catch (RuntimeException e) {
        finished(e, count, done);
        return;
      }
      if (stage == null) {
        finished(new IllegalStateException("exporter returned no result"), count, done);
        return;
      }
      stage.whenComplete((ignored, error) -> finished(error, count, done));
    }

    private void finished(Throwable error, int count, IntConsumer done) {
      synchronized (faults) {
        if (error == null) {
          faults.succeeded();
        } else {
          Throwable cause = error instanceof CompletionException && error.getCause() != null
              ? error.getCause() : error;
          faults.failed(cause instanceof Exception ? (Exception) cause : new Exception(cause),
              count);
        }
      }
      done.accept(error == null ? 0 : count);
    }

    @Override
    public void close() {
      exporter.shutdown();
    }
  }
}
