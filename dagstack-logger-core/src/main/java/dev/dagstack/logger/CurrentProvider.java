package dev.dagstack.logger;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider bound to each thread by {@link LoggerProvider#makeCurrent()}. The emit path of a
 * global logger pays one volatile read while no thread has a binding.
 */
final class CurrentProvider {

  private static final ThreadLocal<LoggerProvider> CURRENT = new ThreadLocal<>();
  /** Threads with a binding open; the emit path skips the thread-local lookup at zero. */
  private static final AtomicInteger BOUND_THREADS = new AtomicInteger();

  private CurrentProvider() {}

  /** Whether any thread has a binding open. */
  static boolean any() {
    return BOUND_THREADS.get() != 0;
  }

  /** The calling thread's provider, or {@code null}. */
  static LoggerProvider get() {
    return CURRENT.get();
  }

  /**
   * Binds {@code provider} to the calling thread until the binding is closed; the global provider
   * binds none (the global loggers follow the route there), which is what a propagated context
   * without a binding installs.
   */
  static LoggerProvider.Binding bind(LoggerProvider provider) {
    LoggerProvider target = provider.global ? null : provider;
    Thread owner = Thread.currentThread();
    LoggerProvider previous = CURRENT.get();
    set(previous, target);
    return new LoggerProvider.Binding() {
      private boolean closed;

      @Override
      public void close() {
        if (closed) {
          return;
        }
        if (Thread.currentThread() != owner) {
          // Another thread's binding cannot be undone from here; leaving it would be wrong too,
          // but touching this thread's would be worse.
          Diagnostics.warnLimited("provider-binding", "a LoggerProvider binding was closed on"
              + " thread '" + Thread.currentThread().getName() + "', not on '" + owner.getName()
              + "' that opened it; it stays open", Attrs.empty());
          return;
        }
        closed = true;
        set(CURRENT.get(), previous);
      }
    };
  }

  /** Replaces the thread's binding {@code from} with {@code to}, counting bound threads. */
  private static void set(LoggerProvider from, LoggerProvider to) {
    if (to == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(to);
    }
    if (from == null && to != null) {
      BOUND_THREADS.incrementAndGet();
    } else if (from != null && to == null) {
      BOUND_THREADS.decrementAndGet();
    }
  }
}
