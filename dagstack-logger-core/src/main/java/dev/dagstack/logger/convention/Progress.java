package dev.dagstack.logger.convention;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Severity;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The progress state of one operation (spec §5.3): the last reported values, the samples of the
 * sliding rate window and the tick rate limit. Guarded by its own monitor; ticks are written
 * under it so that they leave in order.
 */
final class Progress {

  /** How {@link #update} treats its total: given, not known, or the previous one kept. */
  static final int TOTAL_GIVEN = 0;
  static final int TOTAL_UNKNOWN = 1;
  static final int TOTAL_KEPT = 2;
  /** The rate (and so the ETA) needs samples spanning at least this long: no 76,791/s at 0 ms. */
  static final long MIN_RATE_SPAN_NANOS = 1_000_000_000L;
  /** At most this many samples are kept for the rate; older ones are dropped first. */
  private static final int MAX_SAMPLES = 256;

  private final long intervalNanos;
  private final long windowNanos;
  private final ConventionsConfig conventions;
  /** (time, current) pairs, oldest first; seeded with (start, 0). */
  private final ArrayDeque<long[]> samples = new ArrayDeque<>();

  private boolean reported;
  private long current;
  private boolean totalKnown;
  private long total;
  /** The values given are not progress (negative, or going back): no rate, no ETA. */
  private boolean invalid;
  private String unit;
  private String phase;
  private long lastTickNanos;
  private boolean ticked;
  /** A tick held back by the rate limit, written at close unless a later one goes out. */
  private Attrs pending;

  Progress(ConventionsConfig conventions, long startNanos) {
    this.conventions = conventions;
    this.intervalNanos = conventions.progressIntervalNanos();
    this.windowNanos = conventions.rateWindowNanos();
    samples.add(new long[] {startNanos, 0});
  }

  synchronized void phase(String value) {
    this.phase = value;
  }

  synchronized void update(long value, int totalMode, long newTotal, String newUnit,
      Operation operation) {
    if (operation.isClosed()) {
      operation.misuse("progress(" + value + ") after close() is ignored");
      return;
    }
    long now = conventions.nanoTime();
    reported = true;
    current = value;
    if (totalMode != TOTAL_KEPT) {
      totalKnown = totalMode == TOTAL_GIVEN;
      total = newTotal;
    }
    if (newUnit != null) {
      unit = newUnit;
    }
    invalid = value < 0 || (totalKnown && total < 0);
    if (invalid) {
      // Written as given (the caller's numbers are evidence), but no rate or ETA from them.
      Diagnostics.warnLimited("progress-invalid:" + operation.name(), "operation '"
          + operation.name() + "' reported negative progress (current " + value + ", total "
          + (totalKnown ? String.valueOf(total) : "unknown") + "); written without rate and"
          + " ETA", operation.attributes());
    } else {
      addSample(now, value);
    }
    if (!operation.tickEnabled()) {
      return;
    }
    Attrs tick = tickAttributes(now);
    if (!ticked || now - lastTickNanos >= intervalNanos) {
      ticked = true;
      lastTickNanos = now;
      pending = null;
      operation.emit(Severity.DEBUG, "operation progress", "tick", tick);
    } else {
      pending = tick;
    }
  }

  /** Writes the tick held back by the rate limit, if any (at close: the last one is kept). */
  synchronized void flushPending(Operation operation) {
    if (pending != null) {
      Attrs tick = pending;
      pending = null;
      operation.emit(Severity.DEBUG, "operation progress", "tick", tick);
    }
  }

  /** The progress values last reported, for the operation's own records. */
  synchronized void putAttributes(Attrs.Builder attributes) {
    if (!reported) {
      return;
    }
    attributes.put("progress.current", current);
    if (totalKnown) {
      attributes.put("progress.total", total);
    }
    if (unit != null) {
      attributes.put("progress.unit", unit);
    }
    if (phase != null) {
      attributes.put("progress.phase", phase);
    }
  }

  /** What a tick written now carries on top of {@link #putAttributes}: rate and ETA. */
  private Attrs tickAttributes(long now) {
    Attrs.Builder tick = Attrs.builder(8);
    putAttributes(tick);
    if (invalid) {
      return tick.build();
    }
    long[] oldest = samples.peekFirst();
    long elapsed = now - oldest[0];
    // Going back (current below the window's start) is no rate either.
    if (elapsed >= MIN_RATE_SPAN_NANOS && current >= oldest[1]) {
      double rate = ((double) current - oldest[1]) * 1e9 / elapsed;
      tick.put("progress.rate", rate);
      // Past the total there is nothing left to estimate.
      if (totalKnown && rate > 0 && current <= total) {
        tick.put("progress.eta_ms", (long) Math.ceil(((double) total - current) * 1000 / rate));
      }
    }
    return tick.build();
  }

  /** Adds a sample and drops those that fell out of the window (keeping one at its edge). */
  private void addSample(long now, long value) {
    samples.addLast(new long[] {now, value});
    while (samples.size() > 2) {
      Iterator<long[]> oldestFirst = samples.iterator();
      oldestFirst.next();
      long[] second = oldestFirst.next();
      if (now - second[0] < windowNanos && samples.size() <= MAX_SAMPLES) {
        break;
      }
      samples.removeFirst();
    }
  }
}
