package dev.dagstack.logger.viewer;

import dev.dagstack.logger.context.Taps;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.RecordSize;
import dev.dagstack.logger.sink.Sink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The log viewer's bounded ring of records: each record gets a sequence number (1, 2, …) and the
 * newest stay, at most {@code capacity} records and {@code maxBytes} of their estimated heap. An emit is O(1) under a short lock and never waits for a reader,
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

  /** The largest capacity, in records (the ring's slots are allocated up front). */
  public static final int MAX_CAPACITY = 1_000_000;
  /** The default byte bound: 64 MiB of estimated record heap ({@link RecordSize}). */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;
  /** The smallest byte bound accepted: 1 MiB. */
  public static final long MIN_MAX_BYTES = 1L << 20;

  private final LogRecord[] ring;
  private final long[] sizes;
  private final long maxBytes;
  private final String instance = randomInstance();
  private final Object lock = new Object();
  private final Sink tap = new Tap();
  private long lastSeq;
  /** The oldest held sequence number; {@code lastSeq + 1} when nothing is held. */
  private long firstHeld = 1;
  private long heldBytes;
  private int waiters;
  private boolean closed;

  /**
   * A buffer holding the newest {@code capacity} records, within {@link #DEFAULT_MAX_BYTES}.
   *
   * @throws IllegalArgumentException when {@code capacity} is outside 1..{@link #MAX_CAPACITY}
   */
  public ViewerBuffer(int capacity) {
    this(capacity, DEFAULT_MAX_BYTES);
  }

  /**
   * A buffer holding the newest records, at most {@code capacity} of them and at most
   * {@code maxBytes} of their estimated heap ({@link RecordSize#estimate}); the oldest go first,
   * and a single record bigger than {@code maxBytes} is not held (both counted as pushed out).
   *
   * @throws IllegalArgumentException when {@code capacity} is outside 1..{@link #MAX_CAPACITY}
   *     or {@code maxBytes} below {@link #MIN_MAX_BYTES}, naming the range
   */
  public ViewerBuffer(int capacity, long maxBytes) {
    this.ring = new LogRecord[checkCapacity(capacity)];
    this.sizes = new long[capacity];
    this.maxBytes = checkMaxBytes(maxBytes);
  }

  /**
   * {@code capacity} when it is within 1..{@link #MAX_CAPACITY}.
   *
   * @throws IllegalArgumentException naming the range otherwise
   */
  public static int checkCapacity(long capacity) {
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException("viewer capacity must be from 1 to " + MAX_CAPACITY
          + " records, got " + capacity);
    }
    return (int) capacity;
  }

  /**
   * {@code maxBytes} when it is at least {@link #MIN_MAX_BYTES}.
   *
   * @throws IllegalArgumentException naming the bound otherwise
   */
  public static long checkMaxBytes(long maxBytes) {
    if (maxBytes < MIN_MAX_BYTES) {
      throw new IllegalArgumentException("viewer max-bytes must be at least " + MIN_MAX_BYTES
          + " (1 MiB), got " + maxBytes);
    }
    return maxBytes;
  }

  private static String randomInstance() {
    return Long.toHexString(new java.security.SecureRandom().nextLong() | Long.MIN_VALUE);
  }

  /** How many records the buffer holds at most. */
  public int capacity() {
    return ring.length;
  }

  /** How many bytes of estimated record heap the buffer holds at most. */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * A random id of this buffer, new on every start of its host: a page that resumes with a
   * sequence number of another instance (the server restarted) starts over (see {@link ViewerApi.Stream}).
   */
  public String instance() {
    return instance;
  }

  /** Starts receiving every record the process emits (spec §7 tap); idempotent. */
  public void install() {
    Taps.add(tap);
  }

  /**
   * Starts receiving the records emitted through {@code owner}'s configuration only (a logger
   * provider: one application context's records); idempotent.
   */
  public void install(Object owner) {
    Taps.add(tap, null, owner);
  }

  /** Stops receiving records; the held ones stay readable. Idempotent. */
  public void uninstall() {
    Taps.remove(tap);
  }

  /**
   * Holds {@code record} as the newest one, pushing out the oldest ones beyond the capacity or
   * the byte bound (O(1) amortised; never waits for a reader).
   */
  public void emit(LogRecord record) {
    if (record == null) {
      return;
    }
    long size = RecordSize.estimate(record);
    synchronized (lock) {
      lastSeq++;
      if (lastSeq - firstHeld + 1 > ring.length) {
        evictOldest(); // its slot is the one the new record takes
      }
      while (firstHeld < lastSeq && heldBytes + size > maxBytes) {
        evictOldest();
      }
      int slot = slot(lastSeq);
      if (size > maxBytes) {
        ring[slot] = null; // too big to hold at all: counted as pushed out
        firstHeld = lastSeq + 1;
      } else {
        ring[slot] = record;
        sizes[slot] = size;
        heldBytes += size;
      }
      if (waiters > 0) {
        lock.notifyAll();
      }
    }
  }

  private void evictOldest() {
    int slot = slot(firstHeld);
    heldBytes -= sizes[slot];
    sizes[slot] = 0;
    ring[slot] = null;
    firstHeld++;
  }

  private int slot(long seq) {
    return (int) ((seq - 1) % ring.length);
  }

  /** The sequence number of the newest record; 0 before the first. */
  public long lastSeq() {
    synchronized (lock) {
      return lastSeq;
    }
  }

  /** Records pushed out (by the capacity or the byte bound) or never held, since the buffer was created. */
  public long overwritten() {
    synchronized (lock) {
      return firstHeld - 1;
    }
  }

  /** The estimated heap of the held records, in bytes. */
  public long heldBytes() {
    synchronized (lock) {
      return heldBytes;
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
      long from = Math.max(cursor + 1, firstHeld);
      long missed = Math.max(0, Math.min(firstHeld, lastSeq + 1) - (cursor + 1));
      long to = Math.min(lastSeq, from + Math.max(0, max) - 1);
      List<Entry> entries = new ArrayList<>((int) Math.max(0, Math.min(to - from + 1, ring.length)));
      for (long seq = from; seq <= to; seq++) {
        entries.add(new Entry(seq, ring[slot(seq)]));
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
    return "ViewerBuffer[capacity=" + ring.length + ", maxBytes=" + maxBytes + "]";
  }
}
