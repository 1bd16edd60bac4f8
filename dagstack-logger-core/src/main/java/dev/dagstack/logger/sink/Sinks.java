package dev.dagstack.logger.sink;

import java.util.Collection;

/**
 * Checks of sink lists handed to the public API.
 *
 * <p>Not part of the supported API: public for the root and {@code context} packages only; may
 * change without notice.
 */
public final class Sinks {

  private static final Sink[] NONE = new Sink[0];

  private Sinks() {}

  /** {@code sink.id()}, or its class name when that throws (for reports). */
  public static String idOf(Sink sink) {
    try {
      return sink.id();
    } catch (RuntimeException e) {
      return sink.getClass().getName();
    }
  }

  /**
   * {@code sinks} as an array.
   *
   * @throws IllegalArgumentException naming {@code what} and the index of a null entry
   */
  public static Sink[] toArray(Collection<? extends Sink> sinks, String what) {
    if (sinks == null) {
      throw new IllegalArgumentException(what + ": sinks must not be null");
    }
    if (sinks.isEmpty()) {
      return NONE;
    }
    Sink[] array = sinks.toArray(new Sink[0]);
    for (int i = 0; i < array.length; i++) {
      if (array[i] == null) {
        throw new IllegalArgumentException(what + ": sinks[" + i + "] is null");
      }
    }
    return array;
  }
}
