package dev.dagstack.logger.record;

import java.time.Instant;

/** Wall-clock time in nanoseconds since the Unix epoch, at the best precision the JVM gives. */
public final class Clock {

  private Clock() {}

  /** Now, in nanoseconds since the Unix epoch. */
  public static long nowUnixNano() {
    return unixNano(Instant.now());
  }

  /** The latest second of which a long holds some nanoseconds (2262-04-11T23:47:16Z). */
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

  /**
   * {@code instant} in nanoseconds since the Unix epoch (a record's {@code time_unix_nano}); 0
   * for {@code null} and for instants the field cannot hold: before the epoch, or after
   * 2262-04-11T23:47:16.854775807Z ({@code Long.MAX_VALUE} nanoseconds).
   */
  public static long unixNano(Instant instant) {
    if (instant == null) {
      return 0;
    }
    long seconds = instant.getEpochSecond();
    if (seconds < 0 || seconds > MAX_SECONDS) {
      return 0;
    }
    long whole = seconds * 1_000_000_000L;
    int nanos = instant.getNano();
    return nanos > Long.MAX_VALUE - whole ? 0 : whole + nanos;
  }
}
