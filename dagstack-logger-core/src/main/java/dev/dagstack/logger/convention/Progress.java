package dev.dagstack.logger.convention;

import dev.dagstack.logger.Attrs;
import dev.dagstack.logger.Severity;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The progress state of one operation (spec §5.3): the last reported values, the samples of the
 * sliding rate window and the tick rate limit. Guarded by its own monitor; ticks are written
 * under it so that they leave in order.
 */
final class Progress {

  /** {@code total} when it is not known. */
  static final long UNKNOWN = -1;
  /** {@code total} when the previous one is kept. */
  static final long KEEP = -2;
  /** At most this many samples are kept for the rate; older ones are dropped first. */
  private static final int MAX_SAMPLES = 256;

  private final long intervalNanos;
  private final long windowNanos;
  private final ConventionsConfig conventions;
  /** (time, current) pairs, oldest first; seeded with (start, 0). */
  private final ArrayDeque<long[]> samples = new ArrayDeque<>();

  private boolean reported;
  private long current;
  private long total = UNKNOWN;
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

  synchronized void update(long value, long newTotal, String newUnit, Operation operation) {
    long now = conventions.nanoTime();
    reported = true;
    current = value;
    if (newTotal != KEEP) {
      total = newTotal < 0 ? UNKNOWN : newTotal;
    }
    if (newUnit != null) {
      unit = newUnit;
    }
    addSample(now, value);
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
    if (total != UNKNOWN) {
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
    long[] oldest = samples.peekFirst();
    long elapsed = now - oldest[0];
    if (elapsed > 0) {
      double rate = (current - oldest[1]) * 1e9 / elapsed;
      tick.put("progress.rate", rate);
      if (total != UNKNOWN && rate > 0) {
        tick.put("progress.eta_ms", Math.max(0L, (long) Math.ceil((total - current) * 1000 / rate)));
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
