package dev.dagstack.logger.sink;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.diagnostic.EmitGuard;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
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
 * <p>Under {@link OverflowPolicy#BLOCK}, a writer may offer {@link CallerEncoders} (the file
 * sink's and the JSON console's do): while a quarter of a batch or more waits (and the ring is
 * not full, by records or bytes, as read without the lock: a hint), each emitting thread encodes
 * its own record and queues the line in its place, so
 * the encoding spreads over the emitting threads instead of capping the sink at what one worker
 * encodes; the worker writes lines and records alike, in ring order. A line is sized by its
 * bytes ({@link RecordSize#line}); one larger than the whole byte bound is queued as its record
 * instead, as when the worker keeps up.
 *
 * <p>The worker thread is marked as inside the pipeline ({@link EmitGuard}): an emit it makes
 * (a stream that logs, e.g. standard error redirected into the logger) is dropped as
 * {@link DropReason#REENTRANT} instead of feeding the worker its own output.
 *
 * <p>One lock guards the ring; the caller-side cost of an emit is a lock round trip and an array
 * store, plus a signal only when the worker is parked on an empty ring (and, under
 * {@code BLOCK} with a backlog, the encoding of its record).
 */
final class AsyncDelivery {

  /** Writes batches on the worker thread. */
  interface BatchWriter {
    /**
     * Writes {@code count} records from {@code batch}; returns how many of them could not be
     * written (counted as {@link DropReason#WRITE_ERROR}). A thrown exception fails them all.
     * The writer reports its own faults on the diagnostic channel. {@code encoded} is
     * {@code null}, or (for a writer with {@link #callerEncoders()}) holds at {@code i}, when not
     * {@code null}, record {@code i}'s line to be written in its place ({@code batch[i]} is then
     * {@code null}).
     */
    int write(LogRecord[] batch, byte[][] encoded, int count);

    /**
     * Starts writing {@code count} records from {@code batch} and calls {@code done} exactly
     * once, on any thread (this one included), with how many of them could not be written; the
     * array is the writer's until then. A thrown exception (without {@code done} called) fails
     * them all. The default writes them now with {@link #write}. Not called for a writer with
     * {@link #callerEncoders()}: its batches are written on the worker.
     */
    default void start(LogRecord[] batch, int count, IntConsumer done) {
      done.accept(write(batch, null, count));
    }

    /**
     * Encoders for the emitting threads to use while the worker is behind (asked for once, and
     * only by a sink under {@link OverflowPolicy#BLOCK}), or {@code null} (the default) when
     * the writer takes records only.
     */
    default CallerEncoders callerEncoders() {
      return null;
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

  /** How long {@link #close()} waits for the worker to write what is pending. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

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
  /** The writer's encoders for emitting threads, under {@link OverflowPolicy#BLOCK}; or null. */
  private final CallerEncoders callerEncoders;
  /**
   * Records in the ring from which emitting threads encode their records themselves: a quarter
   * of a batch behind, the worker is what limits the sink, and a caller's time is better spent
   * encoding than, soon, waiting for room. (Lower makes smaller batches; the share the callers
   * encode settles by itself, the same from 32 to 512 in the benchmarks.)
   */
  private final int encodeOnCallerAt;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final Condition progress = lock.newCondition();

  // Guarded by lock.
  private final LogRecord[] ring;
  /** The line a caller encoded for the record of the same index in {@link #ring}, or null. */
  private final byte[][] encodedRing;
  /** The estimated size of each record (or its line) in {@link #ring}, in bytes. */
  private final long[] sizes;
  private final long maxBufferBytes;
  /** Estimated bytes of the records (and lines) in the ring. */
  private long ringBytes;
  /** Estimated bytes of the batches being written. */
  private long inFlightBytes;
  private int putIndex;
  private int takeIndex;
  private int count;
  /** Sequence number of the next record accepted into the ring. */
  private long tail;
  /** Sequence number of the oldest record still in the ring. */
  private long head;
  /** Batches being written now. */
  private int inFlight;
  /**
   * Records pushed out of a full ring and not yet handed to the ledger (guarded by the lock): the
   * producer counts them with a plain add under the lock it holds anyway; the worker hands them
   * over after each batch, the producer on the first drop and every {@value #DROP_HANDOVER}th,
   * and every reader of the counts first ({@link #handOverDrops()}).
   */
  private long pendingBufferFull;
  private boolean anyBufferFull;
  private static final int DROP_HANDOVER = 1024;
  private boolean workerParked;
  /** The worker waits for a batch in flight to finish before it may start another. */
  private boolean waitingForSlot;
  private boolean stopping;
  private boolean terminated;
  /**
   * The first close returned, its work done or given up after its bound: a later close or the
   * shutdown hook has nothing left to wait for (a stuck export would only make them wait again).
   */
  private boolean closeReturned;
  private int waitingForRoom;
  /**
   * Of those, the ones a full ring does not hold back (their record needs bytes only a finished
   * batch frees): a finished batch wakes all waiters only while there is one.
   */
  private int waitingForBytes;
  /** The worker waits (at most lingerNanos) for more records before writing a partial batch. */
  private boolean lingering;
  /** Flush calls now waiting: the worker stops lingering while there is one. */
  private int flushWaiters;

  private volatile boolean closed;
  /** How long close waits for the worker; {@link #CLOSE_TIMEOUT} but for tests. */
  private volatile Duration closeTimeout = CLOSE_TIMEOUT;
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
    // Only a caller that would otherwise wait for room is better off encoding: under the drop
    // policies the caller's time is what the sink protects (drops are the price chosen for it).
    this.callerEncoders = policy == OverflowPolicy.BLOCK ? writer.callerEncoders() : null;
    this.encodeOnCallerAt = Math.max(1, this.maxBatch / 4);
    this.slots = new Slot[maxInFlight];
    for (int i = 0; i < maxInFlight; i++) {
      slots[i] = new Slot(this.maxBatch, callerEncoders != null);
    }
    this.ring = new LogRecord[bufferSize];
    this.encodedRing = callerEncoders == null ? null : new byte[bufferSize][];
    this.sizes = new long[bufferSize];
    this.maxBufferBytes = maxBufferBytes;
    this.ledger = new DropLedger(sinkId, "sink '" + sinkId + "'");
    this.worker = new Thread(this::run, "dagstack-sink-" + sinkId);
    worker.setDaemon(true);
    // Not the creating thread's context class loader (a web application's, when the sink is
    // made during an embedded servlet container's start): the worker would pin it, and the
    // container warns of a leak when it stops before the sink closes. (In a WAR whose WEB-INF/lib
    // holds this library, this loader is the web application's anyway.)
    worker.setContextClassLoader(AsyncDelivery.class.getClassLoader());
    worker.start();
    ShutdownFlush.track(this);
  }

  /** The largest buffer in records: the ring and its sizes are allocated whole at start. */
  static final int MAX_BUFFER_SIZE = (1 << 24) - 1;
  /** The largest byte bound (512 GiB), so sums of sizes never overflow. */
  static final long MAX_BUFFER_BYTES = (1L << 39) - 1;

  /**
   * Checks a buffer's bounds, for the sinks' builders (before anything is opened) and this
   * engine alike.
   *
   * @param where how the messages name the sink, e.g. {@code "FileSink /var/log/app.jsonl: "}
   * @throws IllegalArgumentException naming the bound and the value
   */
  static void checkBounds(String where, int bufferSize, long bufferBytes) {
    if (bufferSize < 1) {
      throw new IllegalArgumentException(where + "bufferSize must be at least 1, got " + bufferSize);
    }
    if (bufferSize > MAX_BUFFER_SIZE) {
      throw new IllegalArgumentException(where + "bufferSize must be at most " + MAX_BUFFER_SIZE
          + " (the buffer is allocated whole when the sink starts), got " + bufferSize);
    }
    if (bufferBytes < 1) {
      throw new IllegalArgumentException(where + "bufferBytes must be at least 1, got " + bufferBytes);
    }
    if (bufferBytes > MAX_BUFFER_BYTES) {
      throw new IllegalArgumentException(where + "bufferBytes must be at most " + MAX_BUFFER_BYTES
          + " (512 GiB), got " + bufferBytes);
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
    // Too large or not by the record's estimate, whoever encodes it.
    long size = RecordSize.estimate(record);
    if (size > maxBufferBytes) {
      ledger.addAndReport(DropReason.RECORD_TOO_LARGE, 1);
      return;
    }
    byte[] encoded = null;
    // Racy reads of the depth and bytes, as hints only: a stale value means one record more or
    // less is encoded here. A caller that will wait for a full buffer keeps its record (no line
    // held outside the buffer's bounds while it waits).
    if (callerEncoders != null && count >= encodeOnCallerAt && fits(size)
        && !CallerEncoders.mayExceed(size, maxBufferBytes)) {
      encoded = callerEncoders.encode(record, size);
      if (encoded != null) {
        long lineSize = RecordSize.line(encoded);
        // Queued as its line alone (the writer needs nothing else of it), unless escapes and
        // multi-byte characters made the line larger than the whole bound: then as its record.
        if (lineSize <= maxBufferBytes) {
          size = lineSize;
        } else {
          encoded = null;
        }
      }
    }
    boolean rejectedAsClosed = false;
    int droppedForRoom = 0;
    long handOver = 0;
    lock.lock();
    try {
      if (closed) {
        rejectedAsClosed = true;
      } else {
        boolean store = true;
        if (!fits(size)) {
          droppedForRoom = makeRoom(size);
          store = fits(size) && !closed;
          if (!store) {
            rejectedAsClosed = closed;
            if (!closed) {
              droppedForRoom++;
            }
          }
        }
        if (store) {
          if (encodedRing != null) {
            encodedRing[putIndex] = encoded;
          }
          ring[putIndex] = encoded == null ? record : null;
          sizes[putIndex] = size;
          ringBytes += size;
          putIndex = next(putIndex);
          count++;
          tail++;
          if (workerParked || (lingering && count >= maxBatch)) {
            workerParked = false;
            notEmpty.signal();
          }
        }
      }
      if (droppedForRoom > 0) {
        pendingBufferFull += droppedForRoom;
        if (!anyBufferFull || pendingBufferFull >= DROP_HANDOVER) {
          // The first drop is reported at once; later ones in bulk (exact either way).
          anyBufferFull = true;
          handOver = takePendingDrops();
        }
      }
    } finally {
      lock.unlock();
    }
    if (handOver > 0) {
      ledger.addAndReport(DropReason.BUFFER_FULL, handOver);
    }
    if (rejectedAsClosed) {
      dropClosed();
    }
  }

  /**
   * Whether a record of {@code size} bytes may be stored now. Caller holds the lock, or reads the
   * answer as a hint only.
   */
  private boolean fits(long size) {
    return count < ring.length && ringBytes + inFlightBytes + size <= maxBufferBytes;
  }

  /**
   * Applies the overflow policy to a full ring (in records or bytes): waits for room under
   * BLOCK, drops the oldest records under DROP_OLDEST. Returns how many queued records were
   * dropped. Caller holds the lock.
   */
  private int makeRoom(long size) {
    // The worker itself must never wait for room it alone can make.
    if (policy == OverflowPolicy.BLOCK && Thread.currentThread() != worker) {
      waitingForRoom++;
      if (lingering) {
        // Full by bytes before the batch is: the worker must write now, not after the linger.
        notEmpty.signal();
      }
      try {
        while (!fits(size) && !closed) {
          boolean forBytes = count < ring.length;
          if (forBytes) {
            waitingForBytes++;
          }
          try {
            notFull.awaitUninterruptibly();
          } finally {
            if (forBytes) {
              waitingForBytes--;
            }
          }
        }
      } finally {
        waitingForRoom--;
      }
      return 0;
    }
    if (policy != OverflowPolicy.DROP_OLDEST || inFlightBytes + size > maxBufferBytes) {
      // Not dropping the oldest, or the batches being written alone leave no room: pushing the
      // queued records out would lose them and still not make room.
      return 0;
    }
    int droppedOldest = 0;
    while (!fits(size) && count > 0) {
      ringBytes -= sizes[takeIndex];
      ring[takeIndex] = null;
      takeIndex = next(takeIndex);
      count--;
      head++;
      droppedOldest++;
    }
    if (flushWaiters > 0) {
      // Records pushed out are done: a flush may be waiting for no more than these.
      progress.signalAll();
    }
    return droppedOldest;
  }

  private void dropClosed() {
    ledger.addAndReport(DropReason.CLOSED, 1);
    if (closedEmitReported.compareAndSet(false, true)) {
      Diagnostics.warn("record emitted after the sink was closed; dropped (counted as closed)",
          Attrs.of("sink.id", sinkId));
    }
  }

  private int next(int index) {
    return index + 1 == ring.length ? 0 : index + 1;
  }

  /**
   * Waits until every record emitted before the call is written, at most {@code timeout}. The
   * result is unsuccessful (partial when the wait itself succeeded) when records were dropped
   * since the previous flush, and carries their number; those drops are reported now.
   */
  FlushResult flush(Duration timeout) {
    FlushResult waited = awaitWritten(timeout);
    handOverDrops();
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
    lock.lock();
    try {
      long target = tail;
      if (completed() >= target) {
        return FlushResult.ok();
      }
      if (Thread.currentThread() == worker) {
        return FlushResult.failed(sinkId, "flush called from the sink's own worker");
      }
      flushWaiters++;
      if (lingering) {
        notEmpty.signal();
      }
      try {
        while (completed() < target && !terminated) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            break;
          }
          progress.awaitNanos(remaining);
        }
      } finally {
        flushWaiters--;
      }
      if (completed() >= target) {
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

  /**
   * Everything before this sequence number is written, failed or dropped: the start of the oldest
   * batch in flight, else the head of the ring (records pushed out of the ring as the oldest are
   * done too, though no batch ever covers them). Caller holds the lock.
   */
  private long completed() {
    long oldest = head;
    for (Slot slot : slots) {
      if (slot.inFlight) {
        oldest = Math.min(oldest, slot.start);
      }
    }
    return oldest;
  }

  /** Records before {@code target} that are queued or being written. Caller holds the lock. */
  private long pending(long target) {
    long pending = Math.max(0, target - head);
    for (Slot slot : slots) {
      if (slot.inFlight) {
        pending += Math.max(0, Math.min(target, slot.end) - slot.start);
      }
    }
    return pending;
  }

  /** Stops accepting records, writes what is pending (bounded wait), stops the worker. */
  void close() {
    lock.lock();
    try {
      if (closed) {
        if (Thread.currentThread() != worker) {
          // A second close returns once the first one's work is done (or given up), like the
          // first; it does not wait a second bound for a writer the first gave up on.
          awaitTermination(closeTimeout, true);
        }
        return;
      }
      closed = true;
      stopping = true;
      notEmpty.signal();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    // Still tracked after close: the shutdown hook reports drops counted later (emits after close).
    if (Thread.currentThread() == worker) {
      return;
    }
    try {
      FlushResult result = awaitTermination(closeTimeout, false);
      if (!result.success()) {
        long abandoned = abandonQueued();
        Diagnostics.warn("sink closed before writing everything: "
            + result.failedSinks().get(0).error() + "; the " + abandoned
            + " records still queued are dropped (counted as closed)",
            Attrs.of("sink.id", sinkId));
      }
      reportHeldBackDrops();
    } finally {
      lock.lock();
      try {
        closeReturned = true;
        progress.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * After close gave up waiting (a writer stuck in I/O): takes the records still queued out of
   * the ring and counts them as {@link DropReason#CLOSED}, so none is left uncounted; the batch
   * the writer is stuck on is counted when it ends. Returns how many.
   */
  private long abandonQueued() {
    long abandoned;
    lock.lock();
    try {
      abandoned = count;
      Arrays.fill(ring, null);
      if (encodedRing != null) {
        Arrays.fill(encodedRing, null);
      }
      head += count;
      takeIndex = putIndex;
      count = 0;
      ringBytes = 0;
    } finally {
      lock.unlock();
    }
    if (abandoned > 0) {
      ledger.add(DropReason.CLOSED, abandoned);
    }
    return abandoned;
  }

  /** Reports every drop counted so far that the rate limit still holds back. */
  private void reportHeldBackDrops() {
    handOverDrops();
    ledger.reportNow();
  }

  /** Shortens close's wait for the worker, for tests of a writer stuck in I/O. */
  void closeTimeout(Duration timeout) {
    closeTimeout = timeout;
  }

  /**
   * For the shutdown hook, on a closed sink: waits (at most {@code timeout}) for a close still
   * writing (not for one that already gave up), names what is left unconfirmed, then reports the
   * drops the rate limit holds back (emits after close).
   */
  void finishClosed(Duration timeout) {
    FlushResult result = awaitTermination(timeout, true);
    if (!result.success()) {
      // The process ends before the close could write these: say so, they are not counted.
      Diagnostics.warn("shutdown ended before the sink's close wrote everything: "
          + result.failedSinks().get(0).error() + " (neither confirmed written nor counted as"
          + " dropped)", Attrs.of("sink.id", sinkId));
    }
    reportHeldBackDrops();
  }

  /**
   * Waits for the worker to end, at most {@code timeout}; with {@code orFirstClose}, only until
   * the first close returned, if that is sooner. An interrupt does not cut the wait short (close
   * must write what is pending; the wait is bounded anyway); the thread's interrupt status is
   * kept.
   */
  private FlushResult awaitTermination(Duration timeout, boolean orFirstClose) {
    long deadline = System.nanoTime() + Timeouts.nanos(timeout);
    boolean interrupted = false;
    lock.lock();
    try {
      while (!terminated) {
        if (orFirstClose && closeReturned) {
          return FlushResult.failed(sinkId, "the sink's close gave up with "
              + pending(tail) + " records pending");
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return FlushResult.failed(sinkId,
              "timed out with " + pending(tail) + " records pending");
        }
        try {
          progress.awaitNanos(remaining);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      return FlushResult.ok();
    } finally {
      lock.unlock();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
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
    if (reason == null) {
      return 0;
    }
    handOverDrops();
    return ledger.count(reason);
  }

  /** Hands the drops counted under the lock to the ledger (exact counts for every reader). */
  private void handOverDrops() {
    long pending;
    lock.lock();
    try {
      pending = takePendingDrops();
    } finally {
      lock.unlock();
    }
    countDrops(pending);
  }

  /** The drops counted since the last hand-over, now taken. Caller holds the lock. */
  private long takePendingDrops() {
    long pending = pendingBufferFull;
    pendingBufferFull = 0;
    return pending;
  }

  private void countDrops(long pending) {
    if (pending > 0) {
      ledger.add(DropReason.BUFFER_FULL, pending);
    }
  }

  /** Estimated bytes held now (ring and batch being written), for tests. */
  long bufferedBytes() {
    lock.lock();
    try {
      return ringBytes + inFlightBytes;
    } finally {
      lock.unlock();
    }
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
    EmitGuard.markPipelineThread();
    try {
      while (true) {
        Slot slot;
        long dropped;
        lock.lock();
        try {
          while ((count == 0 && !stopping) || inFlight == slots.length) {
            if (inFlight == slots.length) {
              waitingForSlot = true;
            } else {
              workerParked = true;
            }
            notEmpty.awaitUninterruptibly();
            workerParked = false;
            waitingForSlot = false;
          }
          if (count == 0) {
            // Stopping: the batches still in flight finish (the writer bounds their time).
            while (inFlight > 0) {
              waitingForSlot = true;
              notEmpty.awaitUninterruptibly();
            }
            return;
          }
          linger();
          slot = freeSlot();
          drain(slot);
          dropped = takePendingDrops();
        } finally {
          lock.unlock();
        }
        countDrops(dropped);
        // The worker is ours: an interrupt meant for another thread (ThreadGroup.interrupt) must
        // not reach a writer whose I/O it would fail.
        Thread.interrupted();
        write(slot);
        ledger.reportIfDue();
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

  /** A slot not in flight; there is one when {@code inFlight < slots.length}. Caller holds the lock. */
  private Slot freeSlot() {
    for (Slot slot : slots) {
      if (!slot.inFlight) {
        return slot;
      }
    }
    throw new IllegalStateException("no free slot with " + inFlight + " batches in flight");
  }

  /** Waits, up to the linger time, for a full batch, a flush or close. Caller holds the lock. */
  private void linger() {
    if (lingerNanos <= 0) {
      return;
    }
    long deadline = System.nanoTime() + lingerNanos;
    lingering = true;
    try {
      while (count < maxBatch && !stopping && flushWaiters == 0 && waitingForRoom == 0) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return;
        }
        try {
          notEmpty.awaitNanos(remaining);
        } catch (InterruptedException e) {
          // The worker is only interrupted by accident; write what there is.
          return;
        }
      }
    } finally {
      lingering = false;
    }
  }

  /** Moves up to {@code maxBatch} records out of the ring into {@code slot}. Caller holds the lock. */
  private void drain(Slot slot) {
    LogRecord[] batch = slot.batch;
    int n = Math.min(count, batch.length);
    int first = Math.min(n, ring.length - takeIndex);
    long bytes = 0;
    for (int i = takeIndex, end = takeIndex + first; i < end; i++) {
      bytes += sizes[i];
    }
    for (int i = 0; i < n - first; i++) {
      bytes += sizes[i];
    }
    ringBytes -= bytes;
    inFlightBytes += bytes;
    moveOut(ring, batch, first, n);
    if (encodedRing != null) {
      moveOut(encodedRing, slot.encoded, first, n);
    }
    takeIndex = (takeIndex + n) % ring.length;
    count -= n;
    slot.start = head;
    slot.count = n;
    slot.bytes = bytes;
    slot.inFlight = true;
    inFlight++;
    head += n;
    slot.end = head;
    // n slots of the ring are free: as many waiters as that may go on (one each, not all of them:
    // with many callers waiting on a small buffer, waking every one per batch costs more than the
    // batch). Their bytes are freed when the batch is written (finish).
    for (int i = Math.min(n, waitingForRoom); i > 0; i--) {
      notFull.signal();
    }
  }

  /**
   * Moves {@code n} entries from the ring's take index on (the first {@code first} of them before
   * its end) to the start of {@code to}. Caller holds the lock.
   */
  private <T> void moveOut(T[] from, T[] to, int first, int n) {
    System.arraycopy(from, takeIndex, to, 0, first);
    Arrays.fill(from, takeIndex, takeIndex + first, null);
    if (first < n) {
      System.arraycopy(from, 0, to, first, n - first);
      Arrays.fill(from, 0, n - first, null);
    }
  }

  /** Hands the slot's batch to the writer; it finishes now or later, on another thread. */
  private void write(Slot slot) {
    try {
      if (slot.encoded != null) {
        finish(slot, writer.write(slot.batch, slot.encoded, slot.count));
        return;
      }
      writer.start(slot.batch, slot.count, failed -> finish(slot, failed));
    } catch (Throwable t) {
      Diagnostics.error("sink failed to write " + slot.count + " records", t,
          Attrs.of("sink.id", sinkId));
      finish(slot, slot.count);
    }
  }

  /**
   * Counts what the writer reports of a batch and frees its slot: everything before the oldest
   * batch still in flight is now complete. Runs once per batch, on the worker or the writer's
   * thread; later calls for the same batch are ignored.
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
      if (slot.encoded != null) {
        Arrays.fill(slot.encoded, 0, n, null);
      }
      slot.inFlight = false;
      inFlight--;
      inFlightBytes -= slot.bytes;
      if (waitingForBytes > 0) {
        notFull.signalAll();
      }
      progress.signalAll();
      if (waitingForSlot) {
        notEmpty.signal();
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
    /** The callers' lines for the records in {@link #batch}, when the writer takes them. */
    final byte[][] encoded;
    int count;
    long start;
    long end;
    long bytes;
    boolean inFlight;

    Slot(int maxBatch, boolean encoded) {
      this.batch = new LogRecord[maxBatch];
      this.encoded = encoded ? new byte[maxBatch][] : null;
    }
  }
}
