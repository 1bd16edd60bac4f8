package dev.dagstack.logger.record;

import java.time.Instant;

/** Wall-clock time in nanoseconds since the Unix epoch, at the best precision the JVM gives. */
public final class Clock {

  private Clock() {}

  /** Now, in nanoseconds since the Unix epoch. */
  public static long nowUnixNano() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
