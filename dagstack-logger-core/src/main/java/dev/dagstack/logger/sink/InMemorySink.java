package dev.dagstack.logger.sink;

import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the last {@code capacity} records in memory as objects, for tests and short diagnostic
 * captures (spec §7). The oldest record is dropped when full. Thread-safe.
 */
public final class InMemorySink implements Sink {

  private final String id;
  private final int minSeverity;
  private final LogRecord[] ring;
  private int next;
  private int count;
  private long overflowDrops;
  private final AtomicLong closedDrops = new AtomicLong();
  private volatile boolean closed;

  /** Holds up to {@code capacity} records of every severity. */
  public InMemorySink(int capacity) {
    this(capacity, 1);
  }

  /** Holds up to {@code capacity} records of {@code minSeverity} and above. */
  public InMemorySink(int capacity, int minSeverity) {
    this("in-memory", capacity, minSeverity);
  }

  /** Holds up to {@code capacity} records of {@code minSeverity} and above, under {@code id}. */
  public InMemorySink(String id, int capacity, int minSeverity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("InMemorySink capacity must be at least 1, got " + capacity);
    }
    if (!Severity.isValid(minSeverity)) {
      throw new IllegalArgumentException(
          "InMemorySink minSeverity must be between 1 and 24, got " + minSeverity);
    }
    this.id = id == null ? "in-memory" : id;
    this.minSeverity = minSeverity;
    this.ring = new LogRecord[capacity];
  }

  /** A snapshot of the held records, oldest first. */
  public List<LogRecord> records() {
    synchronized (ring) {
      LogRecord[] copy = new LogRecord[count];
      int start = (next - count + ring.length) % ring.length;
      for (int i = 0; i < count; i++) {
        copy[i] = ring[(start + i) % ring.length];
      }
      return List.of(copy);
    }
  }

  /** Forgets every held record. */
  public void clear() {
    synchronized (ring) {
      Arrays.fill(ring, null);
      next = 0;
      count = 0;
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void emit(LogRecord record) {
    if (record == null) {
      return;
    }
    if (closed) {
      closedDrops.incrementAndGet();
      return;
    }
    synchronized (ring) {
      if (count == ring.length) {
        overflowDrops++;
      } else {
        count++;
      }
      ring[next] = record;
      next = (next + 1) % ring.length;
    }
  }

  /** Nothing is pending: records are held as soon as they are emitted. */
  @Override
  public FlushResult flush(Duration timeout) {
    return FlushResult.ok();
  }

  /** Stops accepting records; the held ones stay readable. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public boolean supportsSeverity(int severityNumber) {
    return severityNumber >= minSeverity;
  }

  /** Records dropped: the oldest pushed out when full ({@code BUFFER_FULL}), emits after close. */
  @Override
  public long droppedCount(DropReason reason) {
    switch (reason) {
      case BUFFER_FULL:
        synchronized (ring) {
          return overflowDrops;
        }
      case CLOSED:
        return closedDrops.get();
      default:
        return 0;
    }
  }

  @Override
  public String toString() {
    return "InMemorySink[" + id + "]";
  }
}
