package dev.dagstack.logger.diagnostic;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Marks a thread that is inside the logging pipeline: an emit in progress (converting values,
 * handing the record to sinks), a diagnostic report being written, or a sink's worker thread for
 * its whole life. An emit that starts on a marked thread is re-entrant (a sink's {@code emit},
 * a stream or a {@code toString} that logs) and is dropped rather than recursing or feeding a
 * worker its own output. One thread-local lookup and a field write per emit.
 */
public final class EmitGuard {

  private static final ThreadLocal<EmitGuard> CURRENT = ThreadLocal.withInitial(EmitGuard::new);
  private static final AtomicInteger NEXT_INDEX = new AtomicInteger();

  private final int index = NEXT_INDEX.getAndIncrement();
  private boolean inside;

  private EmitGuard() {}

  /** The calling thread's guard. */
  public static EmitGuard current() {
    return CURRENT.get();
  }

  /**
   * The thread's number, in the order threads first emitted: what per-thread striped counters
   * pick their stripe by, so that threads started one after the other never share one.
   */
  public int index() {
    return index;
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
}
