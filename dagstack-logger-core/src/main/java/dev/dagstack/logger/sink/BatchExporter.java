package dev.dagstack.logger.sink;

import dev.dagstack.logger.record.LogRecord;
import java.util.List;

/**
 * Sends batches of records somewhere (an OTLP collector, a message broker), behind a
 * {@link BatchingSink}: the sink's bounded buffer and worker thread (the same delivery engine as
 * {@link FileSink} and {@link ConsoleSink}) call it with up to {@code maxBatchSize} records at a
 * time, one batch at a time, never from the application's thread.
 *
 * <p>An exporter may block its calling thread (the worker) on I/O and retries; it never sees two
 * calls at once. It reports nothing itself: a thrown exception fails the whole batch, which the
 * sink counts as {@link DropReason#WRITE_ERROR} and reports once per fault episode on the
 * diagnostic channel.
 */
public interface BatchExporter {

  /**
   * Delivers {@code batch} (a view valid only during the call), returning when it is delivered.
   *
   * @throws Exception when the batch could not be delivered (after the exporter's own retries);
   *     the message should say where to and why
   */
  void export(List<LogRecord> batch) throws Exception;

  /** Releases resources; called once, on the worker thread, after the last batch. */
  void shutdown();

  /** What the records are sent to, for diagnostics, e.g. {@code "OTLP endpoint http://…"}. */
  String target();
}
