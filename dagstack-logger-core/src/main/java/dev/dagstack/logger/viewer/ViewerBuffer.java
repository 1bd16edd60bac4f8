package dev.dagstack.logger.viewer;

import dev.dagstack.logger.FlushResult;
import dev.dagstack.logger.internal.Taps;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.Sink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The log viewer's bounded ring of records: each record gets a sequence number (1, 2, …) and the
 * newest {@code capacity} stay. An emit is O(1) under a short lock and never waits for a reader,
 * so a slow browser never slows the application; a reader that falls behind learns how many
 * records it missed from the gap in sequence numbers. Thread-safe.
 *
 * <p>{@link #install()} makes the buffer a process-wide tap: it then sees every record any logger
 * emits (after level checks and redaction), whatever sinks are configured or reconfigured. The
 * buffer is deliberately not a {@link Sink} itself, so that frameworks collecting sink beans do
 * not attach it a second time.
 */
public final class ViewerBuffer implements AutoCloseable {

  /** One held record and its sequence number. */
  public record Entry(long seq, LogRecord record) {}

  /** What a reader gets: held entries after a cursor, and how many it missed before them. */
  public record Batch(List<Entry> entries, long missed, long lastSeq) {}

  private final LogRecord[] ring;
  private final Object lock = new Object();
  private final Sink tap = new Tap();
  private long lastSeq;
  private int waiters;
  private boolean closed;

  /**
   * A buffer holding the newest {@code capacity} records.
   *
   * @throws IllegalArgumentException when {@code capacity} is below 1
   */
  public ViewerBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("viewer capacity must be at least 1, got " + capacity);
    }
    this.ring = new LogRecord[capacity];
  }

  /** How many records the buffer holds at most. */
  public int capacity() {
    return ring.length;
  }

  /** Starts receiving every record the process emits (spec §7 tap); idempotent. */
  public void install() {
    Taps.add(tap);
  }

  /** Stops receiving records; the held ones stay readable. Idempotent. */
  public void uninstall() {
    Taps.remove(tap);
  }

  /** Holds {@code record} as the newest one (O(1); never waits for a reader). */
  public void emit(LogRecord record) {
    if (record == null) {
      return;
    }
    synchronized (lock) {
      lastSeq++;
      ring[(int) ((lastSeq - 1) % ring.length)] = record;
      if (waiters > 0) {
        lock.notifyAll();
      }
    }
  }

  /** The sequence number of the newest record; 0 before the first. */
  public long lastSeq() {
    synchronized (lock) {
      return lastSeq;
    }
  }

  /** Records pushed out of the ring since the buffer was created. */
  public long overwritten() {
    synchronized (lock) {
      return Math.max(0, lastSeq - ring.length);
    }
  }

  /** Every held entry, oldest first. */
  public List<Entry> snapshot() {
    return after(0, Integer.MAX_VALUE).entries();
  }

  /**
   * Up to {@code max} held entries with a sequence number above {@code cursor}, oldest first;
   * {@code missed} counts the records above the cursor that were already pushed out.
   */
  public Batch after(long cursor, int max) {
    synchronized (lock) {
      long firstHeld = Math.max(1, lastSeq - ring.length + 1);
      long from = Math.max(cursor + 1, firstHeld);
      long missed = Math.max(0, firstHeld - (cursor + 1));
      if (lastSeq == 0) {
        missed = 0;
      }
      long to = Math.min(lastSeq, from + Math.max(0, max) - 1);
      List<Entry> entries = new ArrayList<>((int) Math.max(0, to - from + 1));
      for (long seq = from; seq <= to; seq++) {
        entries.add(new Entry(seq, ring[(int) ((seq - 1) % ring.length)]));
      }
      return new Batch(entries, missed, lastSeq);
    }
  }

  /**
   * Waits until a record newer than {@code cursor} arrives, at most {@code timeout} (or until the
   * buffer is closed); returns the newest sequence number then (equal to or below the cursor on
   * timeout).
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public long awaitAfter(long cursor, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      waiters++;
      try {
        while (lastSeq <= cursor && !closed) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          lock.wait(Math.max(1, left / 1_000_000));
        }
        return lastSeq;
      } finally {
        waiters--;
      }
    }
  }

  /** Uninstalls the tap and wakes every waiting reader; the held records stay readable. */
  @Override
  public void close() {
    uninstall();
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
  }

  /** Whether {@link #close()} was called (open event streams then end). */
  public boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /** The buffer as the tap sink the logger hands records to. */
  private final class Tap implements Sink {
    @Override
    public String id() {
      return "viewer";
    }

    @Override
    public void emit(LogRecord record) {
      ViewerBuffer.this.emit(record);
    }

    /** Nothing is pending: records are held as soon as they are emitted. */
    @Override
    public FlushResult flush(Duration timeout) {
      return FlushResult.ok();
    }

    @Override
    public void close() {
      ViewerBuffer.this.close();
    }

    @Override
    public boolean supportsSeverity(int severityNumber) {
      return true;
    }

    /** Records pushed out of the ring ({@code BUFFER_FULL}); nothing else is ever dropped. */
    @Override
    public long droppedCount(DropReason reason) {
      return reason == DropReason.BUFFER_FULL ? overwritten() : 0;
    }
  }

  @Override
  public String toString() {
    return "ViewerBuffer[capacity=" + ring.length + "]";
  }
}
