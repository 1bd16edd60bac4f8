package dev.dagstack.logger.sink;

import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import java.time.Duration;

/**
 * A destination for log records (spec §7). The logger hands every record that passes the
 * logger's level to each attached sink whose {@link #supportsSeverity(int)} accepts it.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>{@link #emit(LogRecord)} never blocks the caller on I/O and never throws; a sink that
 *       does I/O queues the record for a worker (as {@link ConsoleSink} and {@link FileSink} do).
 *   <li>{@link #flush(Duration)} returns once everything emitted before the call is delivered,
 *       or when the deadline passes, with a partial result naming this sink; a sink that counts
 *       drops also reports, unsuccessful, the records it dropped since its previous flush
 *       ({@link FlushResult#dropped}).
 *   <li>{@link #close()} flushes, releases resources and is idempotent; an emit after close is
 *       counted as dropped with {@link DropReason#CLOSED}.
 *   <li>Sinks are independent: one failing never affects another. Failures are reported on the
 *       {@code dagstack.logger.internal} diagnostic channel.
 * </ul>
 *
 * Implementations must be thread-safe.
 */
public interface Sink extends AutoCloseable {

  /** A diagnostic identifier, e.g. {@code "console:auto"} or {@code "file:/var/log/app.jsonl"}. */
  String id();

  /** Accepts one record for delivery; non-blocking, never throws. */
  void emit(LogRecord record);

  /** Waits until what was emitted before this call is delivered, at most {@code timeout}. */
  FlushResult flush(Duration timeout);

  /** Flushes what is pending and releases resources; idempotent. */
  @Override
  void close();

  /** Whether this sink wants records of {@code severityNumber} (its own minimum severity). */
  boolean supportsSeverity(int severityNumber);

  /** How many records this sink dropped for {@code reason} since it was created. */
  default long droppedCount(DropReason reason) {
    return 0;
  }

  /** How many records wait in this sink's buffer for its writer now (0 for a sink without one). */
  default int bufferDepth() {
    return 0;
  }

  /** Whether {@link #close()} has been called (a closed sink drops what it is given). */
  default boolean isClosed() {
    return false;
  }
}
