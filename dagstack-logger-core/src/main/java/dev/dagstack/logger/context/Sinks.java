package dev.dagstack.logger.context;

import dev.dagstack.logger.sink.Sink;
import java.util.Collection;

/** Checks of sink lists handed to the public API of this package. */
final class Sinks {

  private static final Sink[] NONE = new Sink[0];

  private Sinks() {}

  /**
   * {@code sinks} as an array.
   *
   * @throws IllegalArgumentException naming {@code what} and the index of a null entry
   */
  static Sink[] toArray(Collection<? extends Sink> sinks, String what) {
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
