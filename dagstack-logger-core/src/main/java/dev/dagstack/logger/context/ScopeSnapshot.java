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

  private ScopeSnapshot() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** The scopes of the calling thread (possibly {@link #empty()}). */
  public static ScopeSnapshot capture() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** No scopes. */
  public static ScopeSnapshot empty() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Whether this snapshot holds no scope. */
  public boolean isEmpty() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Installs these scopes on the calling thread until the returned handle is closed. */
  public Restore makeCurrent() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Puts back what was current before {@link #makeCurrent()}. */
  public interface Restore extends AutoCloseable {
    @Override
    void close();
  }
}
