package dev.dagstack.logger.sink;

import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import java.time.Duration;

/**
 * What the sinks that write through an {@link AsyncDelivery} share of the {@link Sink} contract:
 * the id, the minimum severity, and delivery, flush, close and drop counts by the engine.
 */
abstract class AsyncSink implements Sink {

  private final String id;
  private final int minSeverity;
  private final AsyncDelivery delivery;

  AsyncSink(String id, int minSeverity, OverflowPolicy overflow, int bufferSize,
      long bufferBytes, AsyncDelivery.BatchWriter writer) {
    this.id = id;
    this.minSeverity = minSeverity;
    this.delivery = new AsyncDelivery(id, overflow, bufferSize, bufferBytes, writer);
  }

  /**
   * A sink whose worker writes batches of at most {@code maxBatch}, lingering to fill them, with
   * up to {@code maxInFlight} batches in flight when the writer sends asynchronously.
   */
  AsyncSink(String id, int minSeverity, OverflowPolicy overflow, int bufferSize,
      long bufferBytes, int maxBatch, Duration linger, int maxInFlight,
      AsyncDelivery.BatchWriter writer) {
    this.id = id;
    this.minSeverity = minSeverity;
    this.delivery = new AsyncDelivery(id, overflow, bufferSize, bufferBytes, maxBatch, linger,
        maxInFlight, writer);
  }

  /**
   * Checks the settings every such sink has, before anything is opened.
   *
   * @param where how the messages name the sink, e.g. {@code "FileSink /var/log/app.jsonl: "}
   */
  static void checkCommonSettings(String where, int minSeverity, OverflowPolicy overflow,
      int bufferSize, long bufferBytes, int maxRecordBytes) {
    AsyncDelivery.checkBounds(where, bufferSize, bufferBytes);
    RecordLimit.check(where, maxRecordBytes);
    if (!Severity.isValid(minSeverity)) {
      throw new IllegalArgumentException(
          where + "minSeverity must be between 1 and 24, got " + minSeverity);
    }
    if (overflow == null) {
      throw new IllegalArgumentException(where + "overflow policy is required");
    }
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final void emit(LogRecord record) {
    delivery.emit(record);
  }

  @Override
  public final FlushResult flush(Duration timeout) {
    return delivery.flush(timeout);
  }

  @Override
  public final void close() {
    delivery.close();
  }

  @Override
  public final boolean supportsSeverity(int severityNumber) {
    return severityNumber >= minSeverity;
  }

  @Override
  public final long droppedCount(DropReason reason) {
    return delivery.droppedCount(reason);
  }

  @Override
  public final int bufferDepth() {
    return delivery.depth();
  }

  @Override
  public final boolean isClosed() {
    return delivery.isClosed();
  }
}
