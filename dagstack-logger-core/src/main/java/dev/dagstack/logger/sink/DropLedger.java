package dev.dagstack.logger.sink;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.diagnostic.EmitGuard;
import dev.dagstack.logger.record.Attrs;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Exact drop counts of one source (a sink, or the pipeline for re-entrant emits) per
 * {@link DropReason}, and their reporting on the diagnostic channel: the first drop is reported
 * at once, later ones at most once per {@link Diagnostics#RATE_WINDOW_NANOS} with the counts
 * since the previous report, and {@link #reportNow()} (flush, close, shutdown) writes whatever
 * the rate limit still holds back, so no count is ever left unsaid.
 *
 * <p>Counting is a lock-free add; the report check runs on the first drop and every 1024th,
 * or when the owner asks (a sink's worker after each batch).
 *
 * <p>Extension SPI, for sink authors: a sink that drops records (a full buffer, a write error,
 * a record too large, emits after close) must count every drop exactly, per reason, and report
 * it on the diagnostic channel (spec §7: {@code dropped_total{sink_id, reason}}; §7.4). Give a
 * custom sink one ledger, {@link #addAndReport} each drop (or {@link #add} under a lock and
 * {@link #reportIfDue} after it), expose {@link #count} as the sink's drop count,
 * {@link #takeSinceLastFlush} for its flush results, and {@link #reportNow} on flush and close.
 * Counts are non-negative and only grow; nothing here throws. Thread-safe.
 */
public final class DropLedger {

  private static final DropReason[] REASONS = DropReason.values();
  private static final int CHECK_EVERY = 1024; // a power of two

  /** The drops of emits that started inside the pipeline (see {@link EmitGuard}). */
  private static final DropLedger PIPELINE = new DropLedger(null,
      "an emit started inside the logging pipeline (a sink's emit, a sink worker, or a value"
          + " converted while a record is built)");

  static {
    // Flush, close and shutdown ask the channel for what it holds back; it cannot import this.
    Diagnostics.onReportHeldBack(PIPELINE::reportNow);
  }

  private final String sinkId;
  private final String what;
  private final Attrs attributes;
  private final AtomicLongArray counts = new AtomicLongArray(REASONS.length);
  private volatile boolean unreported;

  // Guarded by this.
  private final long[] reported = new long[REASONS.length];
  private final long[] flushed = new long[REASONS.length];
  private boolean windowStarted;
  private long windowStart;

  /**
   * @param sinkId the sink whose drops these are, or {@code null} for the pipeline's
   * @param what how the report names the source, e.g. {@code "sink 'file:/var/log/app.jsonl'"}
   */
  public DropLedger(String sinkId, String what) {
    this.sinkId = sinkId;
    this.what = what;
    this.attributes = sinkId == null ? Attrs.empty() : Attrs.of("sink.id", sinkId);
  }

  /**
   * The ledger of re-entrant emits ({@link DropReason#REENTRANT}), process-wide.
   *
   * <p>Not part of the supported API: public for the root package (the emit path) only; may
   * change without notice.
   */
  public static DropLedger pipeline() {
    return PIPELINE;
  }

  /**
   * Counts {@code n} drops; returns {@code true} when the caller should call
   * {@link #reportIfDue()} (outside any lock it holds).
   */
  public boolean add(DropReason reason, long n) {
    long count = counts.addAndGet(reason.ordinal(), n);
    if (!unreported) {
      unreported = true;
      return true;
    }
    // count % CHECK_EVERY without a division: CHECK_EVERY is a power of two, count >= 0.
    return (count & (CHECK_EVERY - 1)) < n;
  }

  /** Counts {@code n} drops and reports them if the rate limit allows; never throws. */
  public void addAndReport(DropReason reason, long n) {
    if (add(reason, n)) {
      reportIfDue();
    }
  }

  /** Drops counted for {@code reason} since the ledger was made. */
  public long count(DropReason reason) {
    return counts.get(reason.ordinal());
  }

  /** Reports unreported drops unless the current window already had a report. */
  public void reportIfDue() {
    if (unreported) {
      report(false);
    }
  }

  /** Reports every drop not reported yet, whatever the rate limit (the final summary). */
  public void reportNow() {
    if (unreported) {
      report(true);
    }
  }

  /**
   * The drops since the previous call, per reason (indexed by ordinal), for a flush result;
   * {@code null} when there were none.
   */
  public synchronized long[] takeSinceLastFlush() {
    long[] since = null;
    for (int i = 0; i < REASONS.length; i++) {
      long now = counts.get(i);
      if (now != flushed[i]) {
        if (since == null) {
          since = new long[REASONS.length];
        }
        since[i] = now - flushed[i];
        flushed[i] = now;
      }
    }
    return since;
  }

  /** {@code "buffer_full: 12, write_error: 3"} for the non-zero entries of {@code perReason}. */
  static String describe(long[] perReason) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < REASONS.length; i++) {
      if (perReason[i] != 0) {
        if (text.length() > 0) {
          text.append(", ");
        }
        text.append(REASONS[i].tag()).append(": ").append(perReason[i]);
      }
    }
    return text.toString();
  }

  /** The sum of {@code perReason}. */
  static long sum(long[] perReason) {
    long total = 0;
    for (long n : perReason) {
      total += n;
    }
    return total;
  }

  private void report(boolean force) {
    String message;
    Attrs all;
    synchronized (this) {
      long now = System.nanoTime();
      if (!force && windowStarted && now - windowStart < Diagnostics.RATE_WINDOW_NANOS) {
        return;
      }
      // Cleared before the counts are read: a drop counted meanwhile sets it again.
      unreported = false;
      long[] delta = new long[REASONS.length];
      long total = 0;
      Attrs.Builder builder = Attrs.builder().putAll(attributes);
      for (int i = 0; i < REASONS.length; i++) {
        long count = counts.get(i);
        delta[i] = count - reported[i];
        reported[i] = count;
        total += count;
        if (delta[i] != 0) {
          builder.put("dagstack.dropped." + REASONS[i].tag(), delta[i]);
        }
        if (count != 0) {
          builder.put("dagstack.dropped_total." + REASONS[i].tag(), count);
        }
      }
      long since = sum(delta);
      if (since == 0) {
        return;
      }
      windowStarted = true;
      windowStart = now;
      builder.put("dagstack.dropped_count", since);
      all = builder.build();
      message = what + ": " + since + " records dropped since the last report ("
          + describe(delta) + "); " + total + " in total";
    }
    Diagnostics.warn(message, all);
  }

  @Override
  public String toString() {
    return "DropLedger[" + (sinkId == null ? "pipeline" : sinkId) + "]";
  }
}
