package dev.dagstack.logger.sink;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.diagnostic.EmitGuard;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The delivery engine of the sinks that do I/O: a bounded ring of records and one daemon worker
 * thread that drains it in batches and hands each batch to a {@link BatchWriter}, so
 * {@link #emit} never waits on I/O (except under {@link OverflowPolicy#BLOCK}, by choice).
 *
 * <p>The buffer is bounded in records and in bytes: each record's size is estimated once, at
 * enqueue ({@link RecordSize}), and the ring plus the batches being written never hold more than
 * {@code maxBufferBytes}; the overflow policy applies when either bound is reached, and a record
 * larger than the whole byte bound is dropped as {@link DropReason#RECORD_TOO_LARGE}. The record
 * bound counts the ring only: the batches in flight add at most {@code maxInFlight × maxBatch}.
 *
 * <p>Writers that write on the worker thread (files, the console) have one batch in flight. A
 * writer whose {@link BatchWriter#start} returns before the batch is written (an exporter whose
 * client sends asynchronously) may have up to {@code maxInFlight} batches in flight: the worker
 * takes the next batch while earlier ones are still being sent. Records keep their order within
 * a batch; batches in flight at once may complete in any order.
 *
 * <p>Every record that does not reach the writer, or that the writer reports as failed, is
 * counted exactly per {@link DropReason} and reported on the diagnostic channel through a
 * {@link DropLedger} (rate-limited, with a final summary at flush, close and shutdown). Flush
 * waits on sequence numbers: the ring's tail at the call against the end of the last batch the
 * worker finished writing; it is unsuccessful when records were dropped since the previous one.
 *
 * <p>The worker thread is marked as inside the pipeline ({@link EmitGuard}): an emit it makes
 * (a stream that logs, e.g. standard error redirected into the logger) is dropped as
 * {@link DropReason#REENTRANT} instead of feeding the worker its own output.
 *
 * <p><b>Concurrency.</b> The caller's side takes no lock, so a producer never waits for the worker
 * (or another producer) holding one. An emit first reserves room: one compare-and-set on a word
 * that holds the records and bytes buffered and the closed flag, so both bounds and close are
 * decided at once. It then claims a position (an atomic increment), stores the record in that
 * position's slot of a power-of-two ring and publishes it with the slot's sequence number
 * (D. Vyukov's bounded queue). The worker takes a batch by moving the head over published slots
 * with one compare-and-set; a producer that must drop the oldest record takes it off the head the
 * same way, so both agree on who owns each record. A record's bytes stay reserved until its batch
 * is written. The worker parks on an empty ring; a producer unparks it only when it sees it parked
 * (its increment of the tail and the worker's parked flag order each other). The lock guards what
 * only the worker, the writer's callbacks and the rare waiters touch: batches in flight, flush
 * sequence numbers, and callers waiting for room under {@link OverflowPolicy#BLOCK}.
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

    /**
     * Starts writing {@code count} records from {@code batch} and calls {@code done} exactly
     * once, on any thread (this one included), with how many of them could not be written; the
     * array is the writer's until then. A thrown exception (without {@code done} called) fails
     * them all. The default writes them now with {@link #write}.
     */
    default void start(LogRecord[] batch, int count, IntConsumer done) {
      done.accept(write(batch, count));
    }

    /** Releases resources; called once, on the worker thread, after the last batch. */
    void close();

    /**
     * How many records of the last {@link #write} call were dropped as too large (counted as
     * {@link DropReason#RECORD_TOO_LARGE}, not as failed); read right after the batch is done.
     */
    default int oversized() {
      return 0;
    }
  }

  /** Most records the worker encodes into one write. */
  static final int MAX_BATCH = 1024;

  /** The largest buffer in records: the reservation word counts them in 24 bits. */
  static final int MAX_BUFFER_SIZE = (1 << 24) - 1;

  /** The largest buffer in bytes: the reservation word counts them in 39 bits (512 GiB). */
  static final long MAX_BUFFER_BYTES = (1L << 39) - 1;

  /** How long {@link #close()} waits for the worker to write what is pending. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  // The reservation word: closed flag (sign bit), records in the ring, bytes held (ring and batches
  // in flight).
  private static final int COUNT_SHIFT = 39;
  private static final long ONE_RECORD = 1L << COUNT_SHIFT;
  private static final long BYTES_MASK = ONE_RECORD - 1;
  private static final long CLOSED = Long.MIN_VALUE;

  private static final int RUNNING = 0;
  private static final int PARKED = 1;
  private static final int LINGERING = 2;
  private static final VarHandle WORKER_STATE;

  static {
    try {
      WORKER_STATE = MethodHandles.lookup()
          .findVarHandle(AsyncDelivery.class, "workerState", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String sinkId;
  private final OverflowPolicy policy;
  private final BatchWriter writer;
  private final Thread worker;
  /** Most records handed to the writer at once. */
  private final int maxBatch;
  /** How long the worker waits for a batch to fill up before writing a smaller one; 0: never. */
  private final long lingerNanos;
  /** The batches being written; at most {@code slots.length} at once. */
  private final Slot[] slots;
  private final int bufferSize;
  private final long maxBufferBytes;

  // The ring: slot i holds position p when p & mask == i. sequences[i] is p while the slot is free
  // for position p, p + 1 once p's record is published, p + capacity once it has been taken.
  private final LogRecord[] ring;
  /** The estimated size of each record in {@link #ring}, in bytes. */
  private final long[] sizes;
  private final AtomicLongArray sequences;
  private final int mask;
  /** Closed flag, records reserved and not yet taken off the ring, bytes reserved. */
  private final AtomicLong reserved = new AtomicLong();
  /** The next position to claim; everything before it is claimed. */
  private final AtomicLong tail = new AtomicLong();
  /** The oldest position not yet taken off the ring (by the worker or by a drop). */
  private final AtomicLong head = new AtomicLong();
  /** RUNNING, PARKED or LINGERING; a producer that sees the worker parked wakes it. */
  @SuppressWarnings("unused") // through WORKER_STATE
  private volatile int workerState;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition slotFree = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final Condition progress = lock.newCondition();

  // Guarded by lock.
  /** Everything before this sequence number is written, failed or dropped. */
  private long completed;
  /** The end of the last batch taken from the ring. */
  private long batchEnd;
  /** Batches being written now. */
  private int inFlight;
  /** The worker waits for a batch in flight to finish before it may start another. */
  private boolean waitingForSlot;
  private boolean terminated;

  // Written under the lock, read by the worker without it.
  private volatile int waitingForRoom;
  /** Flush calls now waiting: the worker stops lingering while there is one. */
  private volatile int flushWaiters;
  private volatile boolean stopping;

  private volatile boolean closed;
  private final DropLedger ledger;
  private final AtomicBoolean closedEmitReported = new AtomicBoolean();

  AsyncDelivery(String sinkId, OverflowPolicy policy, int bufferSize, BatchWriter writer) {
    this(sinkId, policy, bufferSize, AsyncSinkDefaults.BUFFER_BYTES, writer);
  }

  AsyncDelivery(String sinkId, OverflowPolicy policy, int bufferSize, long maxBufferBytes,
      BatchWriter writer) {
    this(sinkId, policy, bufferSize, maxBufferBytes, MAX_BATCH, Duration.ZERO, 1, writer);
  }

  /**
   * An engine that hands the writer at most {@code maxBatch} records at once and, with a positive
   * {@code linger}, waits up to that long for a partial batch to fill before writing it (what an
   * exporter's batching needs; a flush, close or a caller waiting for room ends the wait at once),
   * and keeps up to {@code maxInFlight} batches in flight when the writer's
   * {@link BatchWriter#start} returns before they are written.
   *
   * @throws IllegalArgumentException when a bound is below 1, {@code bufferSize} is above
   *     {@value #MAX_BUFFER_SIZE} or {@code maxBufferBytes} above 512 GiB, or {@code policy} is null
   */
  AsyncDelivery(String sinkId, OverflowPolicy policy, int bufferSize, long maxBufferBytes,
      int maxBatch, Duration linger, int maxInFlight, BatchWriter writer) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException(
          "maxInFlight of sink '" + sinkId + "' must be at least 1, got " + maxInFlight);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException(
          "maxBatch of sink '" + sinkId + "' must be at least 1, got " + maxBatch);
    }
    checkBounds("sink '" + sinkId + "': ", bufferSize, maxBufferBytes);
    if (policy == null) {
      throw new IllegalArgumentException("overflow policy of sink '" + sinkId + "' is null");
    }
    this.sinkId = sinkId;
    this.policy = policy;
    this.writer = writer;
    this.maxBatch = Math.min(bufferSize, maxBatch);
    this.lingerNanos = Timeouts.nanos(linger);
    this.slots = new Slot[maxInFlight];
    for (int i = 0; i < maxInFlight; i++) {
      slots[i] = new Slot(this.maxBatch);
    }
    this.bufferSize = bufferSize;
    this.maxBufferBytes = maxBufferBytes;
    int capacity = Integer.highestOneBit(bufferSize);
    if (capacity < bufferSize) {
      capacity <<= 1;
    }
    this.ring = new LogRecord[capacity];
    this.sizes = new long[capacity];
    this.sequences = new AtomicLongArray(capacity);
    for (int i = 0; i < capacity; i++) {
      sequences.set(i, i);
    }
    this.mask = capacity - 1;
    this.ledger = new DropLedger(sinkId, "sink '" + sinkId + "'");
    this.worker = new Thread(this::run, "dagstack-sink-" + sinkId);
    worker.setDaemon(true);
    worker.start();
    ShutdownFlush.track(this);
  }

  /**
   * Checks the buffer bounds; the messages start with {@code where}.
   *
   * @throws IllegalArgumentException naming the bound and the value
   */
  static void checkBounds(String where, int bufferSize, long bufferBytes) {
    if (bufferSize < 1 || bufferSize > MAX_BUFFER_SIZE) {
      throw new IllegalArgumentException(where + "bufferSize must be between 1 and "
          + MAX_BUFFER_SIZE + ", got " + bufferSize);
    }
    if (bufferBytes < 1 || bufferBytes > MAX_BUFFER_BYTES) {
      throw new IllegalArgumentException(where + "bufferBytes must be between 1 and "
          + MAX_BUFFER_BYTES + " (512 GiB), got " + bufferBytes);
    }
  }

  String sinkId() {
    return sinkId;
  }

  /** Queues {@code record} for the worker, applying the overflow policy; never throws. */
  void emit(LogRecord record) {
    if (record == null) {
      return;
    }
    long size = RecordSize.estimate(record);
    if (size > maxBufferBytes) {
      ledger.addAndReport(DropReason.RECORD_TOO_LARGE, 1);
      return;
    }
    while (true) {
      long word = reserved.get();
      if (word < 0) {
        dropClosed();
        return;
      }
      if (fits(word, size)) {
        if (reserved.compareAndSet(word, word + ONE_RECORD + size)) {
          break;
        }
        continue;
      }
      // Full in records or bytes: the overflow policy decides.
      if (policy == OverflowPolicy.DROP_OLDEST) {
        if (dropOldest()) {
          continue;
        }
      } else if (policy == OverflowPolicy.BLOCK && Thread.currentThread() != worker) {
        // The worker itself must never wait for room it alone can make.
        awaitRoom(size);
        continue;
      }
      // Dropped as the newest, or nothing queued to drop (batches in flight hold the bytes).
      ledger.addAndReport(DropReason.BUFFER_FULL, 1);
      return;
    }
    long position = tail.getAndIncrement();
    int index = (int) position & mask;
    // The slot's previous record left the ring before its reservation was released; only the
    // store of its "taken" sequence number may still be under way on another core.
    for (int attempt = 0; sequences.getAcquire(index) != position; attempt++) {
      backOff(attempt);
    }
    ring[index] = record;
    sizes[index] = size;
    sequences.setRelease(index, position + 1);
    int state = workerState;
    if (state != RUNNING
        && (state == PARKED || position + 1 - head.get() >= maxBatch)
        && WORKER_STATE.compareAndSet(this, state, RUNNING)) {
      LockSupport.unpark(worker);
    }
  }

  /** Whether a record of {@code size} bytes fits beside what {@code word} holds. */
  private boolean fits(long word, long size) {
    return (word >>> COUNT_SHIFT) < bufferSize && (word & BYTES_MASK) + size <= maxBufferBytes;
  }

  /**
   * Takes the oldest published record off the ring and counts it as dropped; {@code false} when
   * the ring holds no record (the batches in flight hold the bytes).
   */
  private boolean dropOldest() {
    while (true) {
      long position = head.get();
      int index = (int) position & mask;
      long sequence = sequences.getAcquire(index);
      if (sequence == position + 1) {
        if (head.compareAndSet(position, position + 1)) {
          long size = sizes[index];
          ring[index] = null;
          sequences.setRelease(index, position + ring.length);
          reserved.getAndAdd(-(ONE_RECORD + size));
          ledger.addAndReport(DropReason.BUFFER_FULL, 1);
          return true;
        }
      } else if (sequence < position + 1) {
        if (tail.get() == position) {
          return false;
        }
        // Claimed and not yet published: the producer is between two stores.
        Thread.onSpinWait();
      }
      // Otherwise the head moved on: look again.
    }
  }

  /** Waits under {@link OverflowPolicy#BLOCK} until {@code size} bytes may fit, or close. */
  private void awaitRoom(long size) {
    lock.lock();
    try {
      waitingForRoom++;
      // Full by bytes before the batch is: the worker must write now, not after the linger.
      LockSupport.unpark(worker);
      while (true) {
        long word = reserved.get();
        if (word < 0 || fits(word, size)) {
          return;
        }
        notFull.awaitUninterruptibly();
      }
    } finally {
      waitingForRoom--;
      lock.unlock();
    }
  }

  private void dropClosed() {
    ledger.add(DropReason.CLOSED, 1);
    if (closedEmitReported.compareAndSet(false, true)) {
      Diagnostics.warn("record emitted after the sink was closed; dropped (counted as closed)",
          Attrs.of("sink.id", sinkId));
    }
  }

  /**
   * Waits until every record emitted before the call is written, at most {@code timeout}. The
   * result is unsuccessful (partial when the wait itself succeeded) when records were dropped
   * since the previous flush, and carries their number; those drops are reported now.
   */
  FlushResult flush(Duration timeout) {
    FlushResult waited = awaitWritten(timeout);
    long[] dropped = ledger.takeSinceLastFlush();
    ledger.reportNow();
    if (dropped == null) {
      return waited;
    }
    long total = DropLedger.sum(dropped);
    String lost = total + " records dropped since the previous flush ("
        + DropLedger.describe(dropped) + ")";
    if (waited.success()) {
      return FlushResult.dropped(sinkId, lost, total);
    }
    return new FlushResult(false, false, java.util.List.of(new FlushResult.FailedSink(sinkId,
        waited.failedSinks().get(0).error() + "; " + lost, total)));
  }

  private FlushResult awaitWritten(Duration timeout) {
    long timeoutNanos = Timeouts.nanos(timeout);
    long deadline = System.nanoTime() + timeoutNanos;
    long target = tail.get();
    lock.lock();
    try {
      if (completed >= target) {
        return FlushResult.ok();
      }
      if (Thread.currentThread() == worker) {
        return FlushResult.failed(sinkId, "flush called from the sink's own worker");
      }
      flushWaiters++;
      LockSupport.unpark(worker);
      try {
        while (completed < target && !terminated) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            break;
          }
          progress.awaitNanos(remaining);
        }
      } finally {
        flushWaiters--;
      }
      if (completed >= target) {
        return FlushResult.ok();
      }
      return FlushResult.failed(sinkId, "timed out with " + pending(target) + " records pending");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FlushResult.failed(sinkId,
          "interrupted with " + pending(target) + " records pending");
    } finally {
      lock.unlock();
    }
  }

  /** Records before {@code target} that are queued or being written. Caller holds the lock. */
  private long pending(long target) {
    long pending = Math.max(0, target - head.get());
    for (Slot slot : slots) {
      if (slot.inFlight) {
        pending += Math.max(0, Math.min(target, slot.end) - slot.start);
      }
    }
    return pending;
  }

  /** Stops accepting records, writes what is pending (bounded wait), stops the worker. */
  void close() {
    long word;
    do {
      word = reserved.get();
      if (word < 0) {
        return;
      }
    } while (!reserved.compareAndSet(word, word | CLOSED));
    closed = true;
    lock.lock();
    try {
      stopping = true;
      slotFree.signal();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    LockSupport.unpark(worker);
    ShutdownFlush.untrack(this);
    if (Thread.currentThread() == worker) {
      return;
    }
    FlushResult result = awaitTermination(CLOSE_TIMEOUT);
    if (!result.success()) {
      Diagnostics.warn("sink closed before writing everything: "
          + result.failedSinks().get(0).error(), Attrs.of("sink.id", sinkId));
    }
    ledger.reportNow();
  }

  private FlushResult awaitTermination(Duration timeout) {
    long deadline = System.nanoTime() + Timeouts.nanos(timeout);
    lock.lock();
    try {
      while (!terminated) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return FlushResult.failed(sinkId,
              "timed out with " + pending(tail.get()) + " records pending");
        }
        progress.awaitNanos(remaining);
      }
      return FlushResult.ok();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FlushResult.failed(sinkId,
          "interrupted with " + pending(tail.get()) + " records pending");
    } finally {
      lock.unlock();
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** Records in the buffer now, not yet taken by the worker. */
  int depth() {
    return (int) ((reserved.get() & ~CLOSED) >>> COUNT_SHIFT);
  }

  long droppedCount(DropReason reason) {
    if (reason == null) {
      return 0;
    }
    return ledger.count(reason);
  }

  /** Estimated bytes held now (ring and batches being written), for tests. */
  long bufferedBytes() {
    return reserved.get() & BYTES_MASK;
  }

  /** Threads now waiting for room under {@link OverflowPolicy#BLOCK} (for tests). */
  int waitingForRoom() {
    return waitingForRoom;
  }

  private void run() {
    EmitGuard.markPipelineThread();
    try {
      while (awaitRecords()) {
        linger();
        Slot slot = awaitFreeSlot();
        if (drain(slot) > 0) {
          write(slot);
          ledger.reportIfDue();
        }
      }
      awaitBatchesInFlight();
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

  /**
   * Waits until the record at the head is published; {@code false} once the sink is closed and
   * every record reserved before the close has been taken.
   */
  private boolean awaitRecords() {
    int idle = 0;
    while (true) {
      long position = head.get();
      if (sequences.getAcquire((int) position & mask) == position + 1) {
        return true;
      }
      if (tail.get() != position || (stopping && depth() > 0)) {
        // A producer has claimed (or, closing, reserved) a slot and is about to fill it.
        backOff(idle++);
        continue;
      }
      if (stopping) {
        return false;
      }
      workerState = PARKED;
      // Producers increment the tail before they read the state: one of us sees the other.
      if (tail.get() == position && !stopping) {
        LockSupport.park(this);
      }
      workerState = RUNNING;
    }
  }

  private static void backOff(int attempt) {
    if (attempt < 64) {
      Thread.onSpinWait();
    } else if (attempt < 128) {
      Thread.yield();
    } else {
      // A producer descheduled between its claim and its store: do not burn its core.
      LockSupport.parkNanos(50_000);
    }
  }

  /** Waits, up to the linger time, for a full batch, a flush, close or a caller waiting for room. */
  private void linger() {
    if (lingerNanos <= 0) {
      return;
    }
    long deadline = System.nanoTime() + lingerNanos;
    while (!lingerOver()) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return;
      }
      workerState = LINGERING;
      if (!lingerOver()) {
        LockSupport.parkNanos(this, remaining);
      }
      workerState = RUNNING;
    }
  }

  private boolean lingerOver() {
    return tail.get() - head.get() >= maxBatch || stopping || flushWaiters > 0
        || waitingForRoom > 0;
  }

  /** A slot not in flight, waiting for one while all are. */
  private Slot awaitFreeSlot() {
    lock.lock();
    try {
      while (inFlight == slots.length) {
        waitingForSlot = true;
        slotFree.awaitUninterruptibly();
        waitingForSlot = false;
      }
      for (Slot slot : slots) {
        if (!slot.inFlight) {
          return slot;
        }
      }
      throw new IllegalStateException("no free slot with " + inFlight + " batches in flight");
    } finally {
      lock.unlock();
    }
  }

  /** On close: the batches still in flight finish (the writer bounds their time). */
  private void awaitBatchesInFlight() {
    lock.lock();
    try {
      while (inFlight > 0) {
        waitingForSlot = true;
        slotFree.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes up to {@code maxBatch} published records off the ring into {@code slot}; returns how
   * many. Their ring slots and record count are released at once, their bytes when written.
   */
  private int drain(Slot slot) {
    LogRecord[] batch = slot.batch;
    long first;
    int n;
    do {
      first = head.get();
      n = 0;
      while (n < batch.length
          && sequences.getAcquire((int) (first + n) & mask) == first + n + 1) {
        n++;
      }
      if (n == 0) {
        return 0;
      }
    } while (!head.compareAndSet(first, first + n));
    long bytes = 0;
    for (int k = 0; k < n; k++) {
      long position = first + k;
      int index = (int) position & mask;
      batch[k] = ring[index];
      bytes += sizes[index];
      ring[index] = null;
      sequences.setRelease(index, position + ring.length);
    }
    reserved.getAndAdd(-n * ONE_RECORD);
    lock.lock();
    try {
      slot.start = first;
      slot.end = first + n;
      slot.count = n;
      slot.bytes = bytes;
      slot.inFlight = true;
      inFlight++;
      batchEnd = first + n;
      if (waitingForRoom > 0) {
        notFull.signalAll();
      }
    } finally {
      lock.unlock();
    }
    return n;
  }

  /** Hands the slot's batch to the writer; it finishes now or later, on another thread. */
  private void write(Slot slot) {
    try {
      writer.start(slot.batch, slot.count, failed -> finish(slot, failed));
    } catch (Throwable t) {
      Diagnostics.error("sink failed to write " + slot.count + " records", t,
          Attrs.of("sink.id", sinkId));
      finish(slot, slot.count);
    }
  }

  /**
   * Counts what the writer reports of a batch and frees its slot and bytes: everything before the
   * oldest batch still in flight is now complete. Runs once per batch, on the worker or the
   * writer's thread; later calls for the same batch are ignored.
   */
  private void finish(Slot slot, int failed) {
    int oversized = 0;
    try {
      oversized = writer.oversized();
    } catch (RuntimeException e) {
      // Only counted when the writer can tell.
    }
    boolean report = false;
    lock.lock();
    try {
      if (!slot.inFlight) {
        return;
      }
      int n = slot.count;
      if (failed > 0) {
        report = ledger.add(DropReason.WRITE_ERROR, Math.min(failed, n));
      }
      if (oversized > 0) {
        report |= ledger.add(DropReason.RECORD_TOO_LARGE, oversized);
      }
      Arrays.fill(slot.batch, 0, n, null);
      slot.inFlight = false;
      inFlight--;
      reserved.getAndAdd(-slot.bytes);
      long oldest = batchEnd;
      for (Slot other : slots) {
        if (other.inFlight) {
          oldest = Math.min(oldest, other.start);
        }
      }
      completed = oldest;
      if (waitingForRoom > 0) {
        notFull.signalAll();
      }
      progress.signalAll();
      if (waitingForSlot) {
        slotFree.signal();
      }
    } finally {
      lock.unlock();
    }
    if (report && Thread.currentThread() != worker) {
      ledger.reportIfDue();
    }
  }

  /** One batch the worker hands to the writer, and its sequence numbers [start, end). */
  private static final class Slot {
    final LogRecord[] batch;
    int count;
    long start;
    long end;
    long bytes;
    boolean inFlight;

    Slot(int maxBatch) {
      this.batch = new LogRecord[maxBatch];
    }
  }
}
