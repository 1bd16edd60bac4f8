package dev.dagstack.logger.sink;

import java.time.Duration;

/**
 * Turns user-supplied timeouts into nanoseconds that are safe to add to {@code System.nanoTime()}.
 *
 * <p>Not part of the supported API: public for the root package and the OTLP module only; may
 * change without notice.
 */
public final class Timeouts {

  /** About 73 years: long enough to mean "forever", short enough that a deadline never overflows. */
  private static final long MAX_NANOS = Long.MAX_VALUE / 4;

  private Timeouts() {}

  /** {@code timeout} in nanoseconds, within 0..{@value #MAX_NANOS}; {@code null} or negative is 0. */
  public static long nanos(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      return 0;
    }
    if (timeout.getSeconds() >= MAX_NANOS / 1_000_000_000L) {
      return MAX_NANOS;
    }
    return timeout.toNanos();
  }
}
