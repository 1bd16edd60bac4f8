package dev.dagstack.logger.diagnostic;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Marks a thread that is inside the logging pipeline: an emit in progress (converting values,
 * handing the record to sinks), a diagnostic report being written, or a sink's worker thread for
 * its whole life. An emit that starts on a marked thread is re-entrant (a sink's {@code emit},
 * a stream or a {@code toString} that logs) and is dropped rather than recursing or feeding a
 * worker its own output. One thread-local lookup and a field write per emit.
 *
 * <p>Not part of the supported API: public for the root package (the emit path, reconfiguration) and
 * {@code sink} (sink worker threads) only; may change without notice.
 */
public final class EmitGuard {

  private static final ThreadLocal<EmitGuard> CURRENT =
      ThreadLocal.withInitial(EmitGuard::register);
  private static final AtomicInteger NEXT_INDEX = new AtomicInteger();
  /** Every thread's guard, for {@link #awaitNoFlight}; cleared of dead threads as it is read. */
  private static final ConcurrentLinkedQueue<WeakReference<EmitGuard>> ALL =
      new ConcurrentLinkedQueue<>();
  private static final VarHandle FLIGHT;

  static {
    try {
      FLIGHT = MethodHandles.lookup().findVarHandle(EmitGuard.class, "flight", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The thread's number, in the order threads first emitted (sweep cadence). */
  private final int index = NEXT_INDEX.getAndIncrement();
  private boolean inside;
  /** What this thread's emit is in flight on (a configuration's token), or {@code null}. */
  private volatile Object flight;

  private EmitGuard() {}

  private static EmitGuard register() {
    EmitGuard guard = new EmitGuard();
    ALL.add(new WeakReference<>(guard));
    if ((guard.index & 1023) == 0) {
      // Thread pools that churn threads leave dead references; sweep them now and then.
      ALL.removeIf(ref -> ref.get() == null);
    }
    return guard;
  }

  /** The calling thread's guard. */
  public static EmitGuard current() {
    return CURRENT.get();
  }

  /** Marks the calling thread as part of the pipeline for good (a sink's worker thread). */
  public static void markPipelineThread() {
    CURRENT.get().inside = true;
  }

  /** Enters the pipeline; {@code false} when the thread already is inside (re-entrant). */
  public boolean enter() {
    if (inside) {
      return false;
    }
    inside = true;
    return true;
  }

  /** Leaves the pipeline entered by a successful {@link #enter()}. */
  public void exit() {
    inside = false;
  }

  /**
   * Marks this thread's emit as in flight on {@code token} (a configuration), before it re-reads
   * the state that the token belongs to. A volatile write: with the re-read and the
   * reconfiguration's write-then-{@link #awaitNoFlight} it forms a Dekker handshake, so either
   * the emit sees the new state or the wait sees the emit. One fence per emit, no shared counter.
   */
  public void enterFlight(Object token) {
    flight = token;
  }

  /** Ends the flight begun by {@link #enterFlight} (a release store: no fence needed here). */
  public void exitFlight() {
    FLIGHT.setRelease(this, null);
  }

  /**
   * Waits until no thread's emit is in flight on {@code token}, at most until
   * {@code deadlineNanos} ({@link System#nanoTime()}); returns whether none is.
   */
  public static boolean awaitNoFlight(Object token, long deadlineNanos) {
    for (Iterator<WeakReference<EmitGuard>> it = ALL.iterator(); it.hasNext(); ) {
      EmitGuard guard = it.next().get();
      if (guard == null) {
        it.remove();
        continue;
      }
      int spins = 0;
      while (guard.flight == token) {
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
