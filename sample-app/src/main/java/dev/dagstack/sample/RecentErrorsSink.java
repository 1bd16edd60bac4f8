package dev.dagstack.sample;

import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.Sink;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Keeps the last few error records (logger, body) in memory for {@code GET /errors/recent}: the
 * sink of the application's own sink type {@link RecentErrorsSinkType}. Emits only append to a
 * bounded deque under a lock (no I/O), so they never block on anything slow.
 */
public final class RecentErrorsSink implements Sink {

  /** One remembered error. */
  public record RecentError(String logger, String body, long timeUnixNano) {}

  private final String id;
  private final int capacity;
  private final int minSeverity;
  private final Deque<RecentError> recent = new ArrayDeque<>();
  private volatile boolean closed;

  RecentErrorsSink(String id, int capacity, int minSeverity) {
    this.id = id;
    this.capacity = capacity;
    this.minSeverity = minSeverity;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void emit(LogRecord record) {
    if (closed) {
      return;
    }
    RecentError error = new RecentError(record.instrumentationScope().name(),
        String.valueOf(record.body()), record.timeUnixNano());
    synchronized (recent) {
      if (recent.size() == capacity) {
        recent.removeFirst();
      }
      recent.addLast(error);
    }
  }

  /** The remembered errors, oldest first. */
  public List<RecentError> recent() {
    synchronized (recent) {
      return new ArrayList<>(recent);
    }
  }

  @Override
  public FlushResult flush(Duration timeout) {
    return FlushResult.ok();
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public boolean supportsSeverity(int severityNumber) {
    return severityNumber >= minSeverity;
  }
}
