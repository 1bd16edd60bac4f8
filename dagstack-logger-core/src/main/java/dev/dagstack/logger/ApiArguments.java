package dev.dagstack.logger;

import dev.dagstack.logger.sink.Sink;
import java.time.Duration;
import java.util.Collection;

/** Checks and conversions of arguments handed to the public API of this package. */
final class ApiArguments {

  private static final Sink[] NO_SINKS = new Sink[0];

  /** About 73 years: long enough to mean "forever", short enough that a deadline never overflows. */
  private static final long MAX_NANOS = Long.MAX_VALUE / 4;

  private ApiArguments() {}

  /**
   * {@code sinks} as an array.
   *
   * @throws IllegalArgumentException naming {@code what} and the index of a null entry
   */
  static Sink[] sinks(Collection<? extends Sink> sinks, String what) {
    if (sinks == null) {
      throw new IllegalArgumentException(what + ": sinks must not be null");
    }
    if (sinks.isEmpty()) {
      return NO_SINKS;
    }
    Sink[] array = sinks.toArray(new Sink[0]);
    for (int i = 0; i < array.length; i++) {
      if (array[i] == null) {
        throw new IllegalArgumentException(what + ": sinks[" + i + "] is null");
      }
    }
    return array;
  }

  /**
   * {@code timeout} in nanoseconds, safe to add to {@code System.nanoTime()}: within
   * 0..{@value #MAX_NANOS}; {@code null} or negative is 0.
   */
  static long nanos(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      return 0;
    }
    if (timeout.getSeconds() >= MAX_NANOS / 1_000_000_000L) {
      return MAX_NANOS;
    }
    return timeout.toNanos();
  }
}
