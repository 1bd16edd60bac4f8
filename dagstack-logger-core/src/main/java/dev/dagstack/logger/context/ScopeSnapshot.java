package dev.dagstack.logger.context;


/**
 * The logging scopes of one execution context (sink scopes from {@code Logger.scopeSinks},
 * request scopes from {@link LoggingScope}), captured so that another thread can run under
 * them: the one place where scope state crosses threads. Used by the Spring starter's Micrometer
 * {@code ThreadLocalAccessor} and {@code TaskDecorator}.
 *
 * <pre>{@code
 * ScopeSnapshot snapshot = ScopeSnapshot.capture();       // on the submitting thread
 * executor.execute(() -> {
 *   try (ScopeSnapshot.Restore ignored = snapshot.makeCurrent()) {   // on the worker
 *     work();
 *   }
 * });
 * }</pre>
 */
public final class ScopeSnapshot {

  private static final ScopeSnapshot EMPTY = new ScopeSnapshot(ScopeState.EMPTY);

  private final ScopeState state;

  private ScopeSnapshot(ScopeState state) {
    this.state = state;
  }

  /** The scopes of the calling thread (possibly {@link #empty()}). */
  public static ScopeSnapshot capture() {
    ScopeState current = ScopeContext.current();
    return current.isEmpty() ? EMPTY : new ScopeSnapshot(current);
  }

  /** No scopes. */
  public static ScopeSnapshot empty() {
    return EMPTY;
  }

  /** Whether this snapshot holds no scope. */
  public boolean isEmpty() {
    return state.isEmpty();
  }

  /**
   * Installs these scopes on the calling thread until the returned handle is closed. While
   * installed they replace the thread's own scopes (an empty snapshot clears them); scopes
   * opened on top of it work as usual. Closing the handle removes exactly this installation and
   * is idempotent.
   */
  public Restore makeCurrent() {
    ScopeContext.Frame frame = ScopeContext.openSnapshot(state);
    return () -> ScopeContext.close(frame);
  }

  /** Puts back what was current before {@link #makeCurrent()}. */
  public interface Restore extends AutoCloseable {
    @Override
    void close();
  }
}
