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

  static LoggerProvider.Binding bind(LoggerProvider provider) {
    if (provider.global) {
      return () -> { };
    }
    Thread owner = Thread.currentThread();
    LoggerProvider previous = CURRENT.get();
    CURRENT.set(provider);
    if (previous == null) {
      BOUND_THREADS.incrementAndGet();
    }
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
        if (previous == null) {
          CURRENT.remove();
          BOUND_THREADS.decrementAndGet();
        } else {
          CURRENT.set(previous);
        }
      }
    };
  }
}
