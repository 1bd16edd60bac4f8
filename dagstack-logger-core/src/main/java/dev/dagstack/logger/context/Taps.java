package dev.dagstack.logger.context;

import dev.dagstack.logger.sink.Sink;
import java.util.Arrays;

/**
 * Process-wide tap sinks: every record any logger emits (after the level checks and redaction)
 * is also handed to each tap, whatever sinks are configured. For test support (the Spring
 * starter's {@code @CaptureLogs}); the emit path pays one volatile read while none is installed.
 */
public final class Taps {

  private static final Sink[] NONE = new Sink[0];

  private static volatile Sink[] taps = NONE;

  private Taps() {}

  /** The installed taps; an empty array (never null) when there is none. */
  public static Sink[] current() {
    return taps;
  }

  /** Installs {@code tap} until {@link #remove} (installing one twice has no further effect). */
  public static synchronized void add(Sink tap) {
    if (tap == null) {
      throw new IllegalArgumentException("tap must not be null");
    }
    Sink[] current = taps;
    for (Sink installed : current) {
      if (installed == tap) {
        return;
      }
    }
    Sink[] next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = tap;
    taps = next;
  }

  /** Removes {@code tap}; does nothing when it is not installed. */
  public static synchronized void remove(Sink tap) {
    Sink[] current = taps;
    for (int i = 0; i < current.length; i++) {
      if (current[i] == tap) {
        Sink[] next = new Sink[current.length - 1];
        System.arraycopy(current, 0, next, 0, i);
        System.arraycopy(current, i + 1, next, i, current.length - i - 1);
        taps = next.length == 0 ? NONE : next;
        return;
      }
    }
  }
}
