package dev.dagstack.logger.sink;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.RecordEncoder;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;

/**
 * Encodes records on the threads that emit them, for a sink whose one worker has fallen behind
 * ({@link AsyncDelivery}): the worker then only appends the bytes, so encoding spreads over the
 * emitting threads, as it does with a logger that encodes on the caller, instead of capping the
 * sink at what one thread encodes.
 *
 * <p>A few encoders (one per processor, at most {@value #MAX_ENCODERS}), each used by one thread at
 * a time and made on first use; a thread that finds them all taken, or a record that would (or
 * might: {@link #mayExceed}) be cut or dropped for its size, or an encoding that fails, leaves
 * the record to the worker, which handles and reports it as it always does. Either way the line
 * is the same bytes: a line encoded here leaves the observed time of a record that has none to
 * the worker ({@link RecordEncoder#encodeDeferred}), which writes its batch's time, as for the
 * records it encodes.
 */
final class CallerEncoders {

  static final int MAX_ENCODERS = 8;
  /** Flags {@code PAD} ints (64 bytes) apart, each on a cache line of its own. */
  private static final int PAD = 16;
  /**
   * An encoder whose buffer grew beyond this for a record (cut, too large or not) is let go, so
   * the pool keeps no large buffers for records that are rarely that large.
   */
  static final int MAX_KEPT_LINE_BYTES = 64 << 10;

  private final Supplier<RecordEncoder> newEncoder;
  private final int maxRecordBytes;
  private final RecordEncoder[] encoders;
  /**
   * 1 while a thread uses the encoder of index {@code i}, at {@code i * PAD}: two threads using
   * two encoders do not pass one cache line back and forth.
   */
  private final AtomicIntegerArray taken;

  CallerEncoders(Supplier<RecordEncoder> newEncoder, int maxRecordBytes) {
    this(newEncoder, maxRecordBytes,
        Math.min(MAX_ENCODERS, Runtime.getRuntime().availableProcessors()));
  }

  CallerEncoders(Supplier<RecordEncoder> newEncoder, int maxRecordBytes, int encoders) {
    this.newEncoder = newEncoder;
    this.maxRecordBytes = maxRecordBytes;
    this.encoders = new RecordEncoder[Math.max(1, encoders)];
    this.taken = new AtomicIntegerArray(this.encoders.length * PAD);
  }

  /**
   * Whether a record of {@code estimate} ({@link RecordSize#estimate}) might make a line longer
   * than {@code maxBytes}: an escaped control character takes six bytes, so a line can be about
   * six times its record's estimate. Such a record is left to the worker rather than encoded here
   * in full and then thrown away. A heuristic, not a bound (the shared resource and scope are in
   * every line but not in the estimate): a line is checked against the limits after encoding too.
   */
  static boolean mayExceed(long estimate, long maxBytes) {
    return estimate > maxBytes / 6;
  }

  /**
   * {@code record}'s deferred line ({@link RecordEncoder#encodeDeferred}, for the worker's
   * {@link RecordEncoder#appendDeferred}), or {@code null} when the worker must encode it (every
   * encoder taken, a record longer than the sink's maximum record size, which the worker cuts or
   * drops and reports, a failure). Never throws.
   *
   * @param estimate the record's {@link RecordSize#estimate}
   */
  byte[] encode(LogRecord record, long estimate) {
    if (mayExceed(estimate, maxRecordBytes)) {
      return null;
    }
    int n = encoders.length;
    int first = (int) (Thread.currentThread().getId() % n);
    for (int i = 0; i < n; i++) {
      int k = first + i < n ? first + i : first + i - n;
      int flag = k * PAD;
      if (taken.get(flag) == 0 && taken.compareAndSet(flag, 0, 1)) {
        try {
          return encodeWith(k, record);
        } catch (Throwable t) {
          // The worker encodes it again and reports what goes wrong, as for any record.
          return null;
        } finally {
          // A release store: the next thread's compare-and-set sees the encoder as left here.
          taken.lazySet(flag, 0);
        }
      }
    }
    return null;
  }

  private byte[] encodeWith(int k, LogRecord record) {
    RecordEncoder encoder = encoders[k];
    if (encoder == null) {
      encoder = newEncoder.get();
      encoders[k] = encoder;
    }
    // Not the limited append: cutting is the worker's, with its reports and counts. Deferred:
    // the worker writes its batch's time as the observed time, as for the records it encodes.
    byte[] line = encoder.encodeDeferred(record, maxRecordBytes);
    if (encoder.size() > MAX_KEPT_LINE_BYTES) {
      encoders[k] = null;
    }
    return line;
  }
}
