package dev.dagstack.logger.record;

import java.time.Instant;

/** Wall-clock time in nanoseconds since the Unix epoch, at the best precision the JVM gives. */
public final class Clock {

  private Clock() {}

  /** Now, in nanoseconds since the Unix epoch. */
  public static long nowUnixNano() {
    return unixNano(Instant.now());
  }

  /** The latest second whose nanoseconds a long holds (2262-04-11). */
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L - 1;

  /**
   * {@code instant} in nanoseconds since the Unix epoch (a record's {@code time_unix_nano}); 0
   * for {@code null} and for instants before the epoch or after 2262-04-11, which the field
   * cannot hold.
   */
  public static long unixNano(Instant instant) {
    if (instant == null) {
      return 0;
    }
    long seconds = instant.getEpochSecond();
    if (seconds < 0 || seconds > MAX_SECONDS) {
      return 0;
    }
    return seconds * 1_000_000_000L + instant.getNano();
  }
}
