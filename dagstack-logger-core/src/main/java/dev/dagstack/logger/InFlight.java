package dev.dagstack.logger;

import dev.dagstack.logger.diagnostic.EmitGuard;

/**
 * The emits in flight on one configuration (spec §9.3), so that a reconfiguration closes the
 * retired sinks only after every record that read the old configuration has reached them: no
 * record is lost to a closed sink, none is delivered twice.
 *
 * <p>Protocol (a Dekker-style handshake on volatile accesses): an emit marks its thread's guard
 * as in flight on this configuration, then re-reads the logger's state; if the state changed it
 * leaves and goes through the new one. The reconfiguration publishes the new state, then waits
 * until no thread's guard is in flight on the old configuration. An emit either sees the new
 * state on its re-read or is seen by the wait. A thread has at most one emit in flight (the
 * guard refuses re-entrant ones), so one field per thread is enough: an emit costs one volatile
 * write and one release store, and producers share no counter.
 */
final class InFlight {

  void enter(EmitGuard guard) {
    guard.enterFlight(this);
  }

  void exit(EmitGuard guard) {
    guard.exitFlight();
  }

  /**
   * Waits until no emit that entered before this call is in flight, at most until
   * {@code deadlineNanos} ({@link System#nanoTime()}); returns whether it drained.
   */
  boolean awaitDrained(long deadlineNanos) {
    return EmitGuard.awaitNoFlight(this, deadlineNanos);
  }
}
