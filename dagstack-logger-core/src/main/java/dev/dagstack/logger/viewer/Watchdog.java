package dev.dagstack.logger.viewer;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The viewer's one stall watchdog: cuts off a response whose client stopped reading, by
 * interrupting the thread that writes it. A write to such a client blocks once the socket buffers
 * are full, and neither the JDK's HTTP server nor a servlet container's blocking output has a
 * write timeout the viewer controls; an interrupt ends a write on an interruptible channel (it
 * closes the connection). Armed on the writing thread for one response (an answer, or an event
 * stream through {@link ViewerApi.Stream#interruptWhenStalled()}) and closed on that thread when
 * the response is done: from then on it never interrupts, and an interrupt it delivered is
 * cleared, so that it cannot reach the thread's next request (a pooled server thread).
 */
final class Watchdog implements AutoCloseable {

  /**
   * The one daemon thread that fires every viewer's watchdogs (package-private: a test holds it
   * to look at streams that are due to be cut off).
   */
  static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

  private final Thread writer;
  /** Guarded by this. */
  private ScheduledFuture<?> timer;
  /** Guarded by this. */
  private boolean closed;
  /** Whether the writer was interrupted. Guarded by this. */
  private boolean fired;

  private Watchdog(Thread writer) {
    this.writer = writer;
  }

  /**
   * Arms a watchdog that interrupts the calling thread at {@code bound} after {@code startNanos}
   * (a {@link System#nanoTime()}; at once when that has passed) unless it is closed before.
   */
  static Watchdog interruptingAfter(long startNanos, Duration bound) {
    Watchdog watchdog = new Watchdog(Thread.currentThread());
    long delay = Math.max(0, startNanos + bound.toNanos() - System.nanoTime());
    ScheduledFuture<?> timer = SCHEDULER.schedule(watchdog::fire, delay, TimeUnit.NANOSECONDS);
    synchronized (watchdog) {
      watchdog.timer = timer;
    }
    return watchdog;
  }

  private synchronized void fire() {
    if (!closed) {
      fired = true;
      writer.interrupt();
    }
  }

  /**
   * Disarms the watchdog: it never interrupts after this returned. Called on the writing thread,
   * also clears the interrupt the watchdog delivered, if it did; an interrupt from elsewhere (a
   * server shutting its threads down) is kept when the watchdog did not fire, and cleared with
   * the watchdog's own when both arrived (the thread cannot tell them apart). Idempotent.
   */
  @Override
  public void close() {
    boolean clear;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (timer != null) {
        timer.cancel(false);
      }
      clear = fired && Thread.currentThread() == writer;
    }
    if (clear) {
      Thread.interrupted();
    }
  }

  private static ScheduledThreadPoolExecutor scheduler() {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "dagstack-viewer-watchdog");
      thread.setDaemon(true);
      // Started from a request thread: not its (a web application's) context class loader, which
      // this thread would pin (the sinks' workers do the same).
      thread.setContextClassLoader(Watchdog.class.getClassLoader());
      return thread;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    return scheduler;
  }
}
