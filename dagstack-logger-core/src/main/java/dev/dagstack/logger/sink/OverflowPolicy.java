package dev.dagstack.logger.sink;

import java.util.Locale;

/** What a sink's bounded buffer does with a new record when it is full (spec §7). */
public enum OverflowPolicy {
  /** Discard the oldest buffered record to make room (the default). */
  DROP_OLDEST,
  /** Discard the new record. */
  DROP_NEWEST,
  /** Make the caller wait for room: no record is lost, at the cost of back-pressure. */
  BLOCK;

  /**
   * Parses {@code drop_oldest}, {@code drop-oldest}, {@code DROP_OLDEST} and so on.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static OverflowPolicy parse(String value) {
    if (value != null) {
      String normalized = value.strip().replace('-', '_').toUpperCase(Locale.ROOT);
      for (OverflowPolicy policy : values()) {
        if (policy.name().equals(normalized)) {
          return policy;
        }
      }
    }
    throw new IllegalArgumentException("invalid overflow policy '" + value
        + "': expected one of drop_oldest, drop_newest, block");
  }
}
