package dev.dagstack.logger;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The emits in flight on one configuration (spec §9.3), so that a reconfiguration closes the
 * retired sinks only after every record that read the old configuration has reached them: no
 * record is lost to a closed sink, none is delivered twice.
 *
 * <p>Protocol (a Dekker-style handshake on volatile accesses): an emit enters its stripe, then
 * re-reads the logger's state; if the state changed it leaves and goes through the new one. The
 * reconfiguration publishes the new state, then waits for every stripe of the old configuration
 * to drain. An emit either sees the new state on its re-read or is seen by the wait. A stripe is
 * picked per thread and an emit leaves the stripe it entered, so a stripe never goes below zero
 * and a zero read means that no emit that started on the old state is still in it.
 */
final class InFlight {

  /** Longs between used slots: one cache line (128 bytes on some CPUs) per stripe. */
  private static final int PAD = 16;
  private static final int STRIPES = stripes();

  private final AtomicLongArray counts = new AtomicLongArray(STRIPES * PAD);

  private static int stripes() {
    int n = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 2 - 1) * 2;
    return Math.min(Math.max(n, 8), 64);
  }

  /**
   * Enters on the stripe of {@code threadIndex} ({@code EmitGuard.index()}: consecutive threads
   * get distinct stripes, so two producers do not contend on one) and returns the slot to pass
   * to {@link #exit(int)}.
   */
  int enter(int threadIndex) {
    int slot = (threadIndex & (STRIPES - 1)) * PAD;
    counts.getAndIncrement(slot);
    return slot;
  }

  void exit(int slot) {
    counts.getAndDecrement(slot);
  }

  /**
   * Waits until no emit that entered before this call is in flight, at most until
   * {@code deadlineNanos} ({@link System#nanoTime()}); returns whether it drained.
   */
  boolean awaitDrained(long deadlineNanos) {
    for (int stripe = 0; stripe < STRIPES; stripe++) {
      int spins = 0;
      while (counts.get(stripe * PAD) != 0) {
        if (System.nanoTime() - deadlineNanos > 0) {
          return false;
        }
        if (++spins < 100) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(10_000);
        }
      }
    }
    return true;
  }
}
