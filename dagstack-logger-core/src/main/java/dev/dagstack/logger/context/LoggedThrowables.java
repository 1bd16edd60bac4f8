package dev.dagstack.logger.context;

import java.lang.ref.WeakReference;

/**
 * The last throwable written with its stack trace on each thread, and the operation current
 * then: lets an operation's closing record leave out a stack trace its own records already
 * carry (spec §5.1). Weakly held, so it never keeps an exception alive. Reached from the other
 * packages through {@link ScopeContext#throwableLogged} and {@link ScopeContext#throwableLoggedIn}.
 */
final class LoggedThrowables {

  private static final ThreadLocal<Entry> LAST = new ThreadLocal<>();

  private LoggedThrowables() {}

  /** Notes that {@code throwable} was just logged on this thread. */
  static void logged(Throwable throwable) {
    Object operationId = ScopeContext.current().attributes().get("operation.id");
    LAST.set(new Entry(throwable, operationId instanceof String ? (String) operationId : null));
  }

  /**
   * Whether {@code throwable} was the last one logged on this thread, inside operation
   * {@code operationId}.
   */
  static boolean loggedIn(Throwable throwable, String operationId) {
    Entry last = LAST.get();
    return last != null && last.throwable.get() == throwable
        && operationId.equals(last.operationId);
  }

  private static final class Entry {
    final WeakReference<Throwable> throwable;
    final String operationId;

    Entry(Throwable throwable, String operationId) {
      this.throwable = new WeakReference<>(throwable);
      this.operationId = operationId;
    }
  }
}
