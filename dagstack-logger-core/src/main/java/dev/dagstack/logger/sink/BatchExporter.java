package dev.dagstack.logger.sink;

import dev.dagstack.logger.record.LogRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends batches of records somewhere (an OTLP collector, a message broker), behind a
 * {@link BatchingSink}: the sink's bounded buffer and worker thread (the same delivery engine as
 * {@link FileSink} and {@link ConsoleSink}) call it with up to {@code maxBatchSize} records at a
 * time, never from the application's thread.
 *
 * <p>An exporter may block its calling thread (the worker) on I/O and retries in
 * {@link #export}. One whose client sends asynchronously implements {@link #exportAsync} too,
 * returning before the batch is delivered: the sink then keeps up to
 * {@code maxConcurrentExports} batches in flight (calls still come from the one worker thread,
 * but a call may come before earlier batches are delivered). It reports nothing itself: a failed
 * batch is counted whole as {@link DropReason#WRITE_ERROR} and reported once per fault episode
 * on the diagnostic channel.
 */
public interface BatchExporter {

  /**
   * Delivers {@code batch} (a view valid only during the call), returning when it is delivered.
   *
   * @throws Exception when the batch could not be delivered (after the exporter's own retries);
   *     the message should say where to and why
   */
  void export(List<LogRecord> batch) throws Exception;

  /**
   * Starts delivering {@code batch} and returns a stage that completes normally when it is
   * delivered, or exceptionally (the cause saying where to and why) when it could not be, after
   * the exporter's own retries. The exporter must complete the stage within its own timeout:
   * flush and close wait for it. {@code batch} stays valid until the stage completes. The
   * default delivers it now with {@link #export}, so batches go one at a time.
   */
  default CompletionStage<?> exportAsync(List<LogRecord> batch) {
    try {
      export(batch);
      return CompletableFuture.completedFuture(null);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Releases resources; called once, on the worker thread, after the last batch is done. */
  void shutdown();

  /** What the records are sent to, for diagnostics, e.g. {@code "OTLP endpoint http://…"}. */
  String target();
}
