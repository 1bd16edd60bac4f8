package dev.dagstack.logger.sink;

import dev.dagstack.logger.Attrs;
import dev.dagstack.logger.FlushResult;
import dev.dagstack.logger.internal.Diagnostics;
import dev.dagstack.logger.internal.Timeouts;
import dev.dagstack.logger.record.LogRecord;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The delivery engine of the sinks that do I/O: a bounded ring of records and one daemon worker
 * thread that drains it in batches and hands each batch to a {@link BatchWriter}, so
 * {@link #emit} never waits on I/O (except under {@link OverflowPolicy#BLOCK}, by choice).
 *
 * <p>Every record that does not reach the writer, or that the writer reports as failed, is
 * counted exactly per {@link DropReason}. Flush waits on sequence numbers: the ring's tail at the
 * call against the end of the last batch the worker finished writing.
 *
 * <p>One lock guards the ring; the caller-side cost of an emit is a lock round trip and an array
 * store, plus a signal only when the worker is parked on an empty ring.
 */
final class AsyncDelivery {

  /** Writes batches on the worker thread. */
  interface BatchWriter {
    /**
     * Writes {@code count} records from {@code batch}; returns how many of them could not be
     * written (counted as {@link DropReason#WRITE_ERROR}). A thrown exception fails them all.
     * The writer reports its own faults on the diagnostic channel.
     */
    int write(LogRecord[] batch, int count);

    /** Releases resources; called once, on the worker thread, after the last batch. */
    void close();
  }

  /** Most records the worker encodes into one write. */
  static final int MAX_BATCH = 1024;

  /** How long {@link #close()} waits for the worker to write what is pending. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private static final DropReason[] REASONS = DropReason.values();

  private final String sinkId;
  private final OverflowPolicy policy;
  private final BatchWriter writer;
  private final Thread worker;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final Condition progress = lock.newCondition();

  // Guarded by lock.
  private final LogRecord[] ring;
  private int putIndex;
  private int takeIndex;
  private int count;
  /** Sequence number of the next record accepted into the ring. */
  private long tail;
  /** Sequence number of the oldest record still in the ring. */
  private long head;
  /** Everything before this sequence number is written, failed or dropped. */
  private long completed;
  /** The sequence numbers the worker is writing now: [batchStart, batchEnd). */
  private long batchStart;
  private long batchEnd;
  private boolean workerParked;
  private boolean stopping;
  private boolean terminated;
  private int waitingForRoom;

  private volatile boolean closed;
  private final AtomicLongArray dropped = new AtomicLongArray(REASONS.length);
  private final AtomicBoolean closedEmitReported = new AtomicBoolean();

  AsyncDelivery(String sinkId, OverflowPolicy policy, int bufferSize, BatchWriter writer) {
    if (bufferSize < 1) {
      throw new IllegalArgumentException(
          "bufferSize of sink '" + sinkId + "' must be at least 1, got " + bufferSize);
    }
    if (policy == null) {
      throw new IllegalArgumentException("overflow policy of sink '" + sinkId + "' is null");
    }
    this.sinkId = sinkId;
    this.policy = policy;
    this.writer = writer;
    this.ring = new LogRecord[bufferSize];
    this.worker = new Thread(this::run, "dagstack-sink-" + sinkId);
    worker.setDaemon(true);
    worker.start();
    ShutdownFlush.track(this);
  }

  String sinkId() {
    return sinkId;
  }

  /** Queues {@code record} for the worker, applying the overflow policy; never throws. */
  void emit(LogRecord record) {
    if (record == null) {
      return;
    }
    boolean rejectedAsClosed = false;
    lock.lock();
    try {
      if (closed) {
        rejectedAsClosed = true;
      } else if (count == ring.length && !makeRoom()) {
        rejectedAsClosed = closed;
      } else {
        ring[putIndex] = record;
        putIndex = next(putIndex);
        count++;
        tail++;
        if (workerParked) {
          workerParked = false;
          notEmpty.signal();
        }
      }
    } finally {
      lock.unlock();
    }
    if (rejectedAsClosed) {
      dropClosed();
    }
  }

  /** Applies the overflow policy to a full ring; true when the new record may be stored. */
  private boolean makeRoom() {
    // The worker itself must never wait for room it alone can make.
    if (policy == OverflowPolicy.BLOCK && Thread.currentThread() != worker) {
      waitingForRoom++;
      try {
        while (count == ring.length && !closed) {
          notFull.awaitUninterruptibly();
        }
      } finally {
        waitingForRoom--;
      }
      return !closed;
    }
    dropped.incrementAndGet(DropReason.BUFFER_FULL.ordinal());
    if (policy == OverflowPolicy.DROP_NEWEST || policy == OverflowPolicy.BLOCK) {
      return false;
    }
    ring[takeIndex] = null;
    takeIndex = next(takeIndex);
    count--;
    head++;
    return true;
  }

  private void dropClosed() {
    dropped.incrementAndGet(DropReason.CLOSED.ordinal());
    if (closedEmitReported.compareAndSet(false, true)) {
      Diagnostics.warn("record emitted after the sink was closed; dropped (counted as closed)",
          Attrs.of("sink.id", sinkId));
    }
  }

  private int next(int index) {
    return index + 1 == ring.length ? 0 : index + 1;
  }

  /** Waits until every record emitted before the call is written, at most {@code timeout}. */
  FlushResult flush(Duration timeout) {
    long timeoutNanos = Timeouts.nanos(timeout);
    long deadline = System.nanoTime() + timeoutNanos;
    lock.lock();
    try {
      long target = tail;
      if (completed >= target) {
        return FlushResult.ok();
      }
      if (Thread.currentThread() == worker) {
        return FlushResult.failed(sinkId, "flush called from the sink's own worker");
      }
      while (completed < target && !terminated) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          break;
        }
        progress.awaitNanos(remaining);
      }
      if (completed >= target) {
        return FlushResult.ok();
      }
      return FlushResult.failed(sinkId, "timed out with " + pending(target) + " records pending");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FlushResult.failed(sinkId,
          "interrupted with " + pending(tail) + " records pending");
    } finally {
      lock.unlock();
    }
  }

  /** Records before {@code target} that are queued or being written. Caller holds the lock. */
  private long pending(long target) {
    long queued = Math.max(0, target - head);
    long inFlight = Math.max(0, Math.min(target, batchEnd) - Math.max(batchStart, completed));
    return queued + inFlight;
  }

  /** Stops accepting records, writes what is pending (bounded wait), stops the worker. */
  void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      stopping = true;
      notEmpty.signal();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    ShutdownFlush.untrack(this);
    if (Thread.currentThread() == worker) {
      return;
    }
    FlushResult result = awaitTermination(CLOSE_TIMEOUT);
    if (!result.success()) {
      Diagnostics.warn("sink closed before writing everything: "
          + result.failedSinks().get(0).error(), Attrs.of("sink.id", sinkId));
    }
  }

  private FlushResult awaitTermination(Duration timeout) {
    long deadline = System.nanoTime() + Timeouts.nanos(timeout);
    lock.lock();
    try {
      while (!terminated) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return FlushResult.failed(sinkId,
              "timed out with " + pending(tail) + " records pending");
        }
        progress.awaitNanos(remaining);
      }
      return FlushResult.ok();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FlushResult.failed(sinkId, "interrupted with " + pending(tail) + " records pending");
    } finally {
      lock.unlock();
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** Records in the buffer now, not yet taken by the worker. */
  int depth() {
    lock.lock();
    try {
      return count;
    } finally {
      lock.unlock();
    }
  }

  long droppedCount(DropReason reason) {
    return reason == null ? 0 : dropped.get(reason.ordinal());
  }

  /** Threads now waiting for room under {@link OverflowPolicy#BLOCK} (for tests). */
  int waitingForRoom() {
    lock.lock();
    try {
      return waitingForRoom;
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    LogRecord[] batch = new LogRecord[Math.min(ring.length, MAX_BATCH)];
    try {
      while (true) {
        int n;
        lock.lock();
        try {
          completed = batchEnd;
          progress.signalAll();
          while (count == 0 && !stopping) {
            workerParked = true;
            notEmpty.awaitUninterruptibly();
          }
          workerParked = false;
          if (count == 0) {
            return;
          }
          n = drain(batch);
        } finally {
          lock.unlock();
        }
        writeBatch(batch, n);
        Arrays.fill(batch, 0, n, null);
      }
    } finally {
      try {
        writer.close();
      } catch (Throwable t) {
        Diagnostics.error("sink failed to release its resources", t, Attrs.of("sink.id", sinkId));
      }
      lock.lock();
      try {
        terminated = true;
        progress.signalAll();
        notFull.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Moves up to {@code batch.length} records out of the ring. Caller holds the lock. */
  private int drain(LogRecord[] batch) {
    int n = Math.min(count, batch.length);
    int first = Math.min(n, ring.length - takeIndex);
    System.arraycopy(ring, takeIndex, batch, 0, first);
    Arrays.fill(ring, takeIndex, takeIndex + first, null);
    if (first < n) {
      System.arraycopy(ring, 0, batch, first, n - first);
      Arrays.fill(ring, 0, n - first, null);
    }
    takeIndex = (takeIndex + n) % ring.length;
    count -= n;
    batchStart = head;
    head += n;
    batchEnd = head;
    if (waitingForRoom > 0) {
      notFull.signalAll();
    }
    return n;
  }

  private void writeBatch(LogRecord[] batch, int n) {
    int failed;
    try {
      failed = writer.write(batch, n);
    } catch (Throwable t) {
      failed = n;
      Diagnostics.error("sink failed to write " + n + " records", t, Attrs.of("sink.id", sinkId));
    }
    if (failed > 0) {
      dropped.addAndGet(DropReason.WRITE_ERROR.ordinal(), Math.min(failed, n));
    }
  }
}
