package dev.dagstack.logger.spring.context;

import dev.dagstack.logger.context.ScopeSnapshot;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.ArrayDeque;

/**
 * Lets Micrometer context propagation carry the dagstack logging scopes (the request scope,
 * debug capture) to other threads: Spring's {@code ContextPropagatingTaskDecorator}, Reactor,
 * {@code ContextSnapshot.wrap(...)}. Registered with the global {@code ContextRegistry} through
 * {@code META-INF/services}; the {@link ScopeSnapshot} is the one value that crosses threads.
 */
public final class ScopeSnapshotAccessor implements ThreadLocalAccessor<ScopeSnapshot> {

  /** The accessor's key in the {@code ContextRegistry}. */
  public static final String KEY = "dagstack.logger.scope";

  /** The installations made on this thread, innermost first, each closed by its restore. */
  private static final ThreadLocal<ArrayDeque<ScopeSnapshot.Restore>> INSTALLED =
      ThreadLocal.withInitial(ArrayDeque::new);

  @Override
  public Object key() {
    return KEY;
  }

  /** The calling thread's scopes, or {@code null} when it has none (nothing to propagate). */
  @Override
  public ScopeSnapshot getValue() {
    ScopeSnapshot snapshot = ScopeSnapshot.capture();
    return snapshot.isEmpty() ? null : snapshot;
  }

  @Override
  public void setValue(ScopeSnapshot value) {
    INSTALLED.get().push(value.makeCurrent());
  }

  /** The captured context had no scope: none applies while it is current. */
  @Override
  public void setValue() {
    INSTALLED.get().push(ScopeSnapshot.empty().makeCurrent());
  }

  @Override
  public void restore(ScopeSnapshot previousValue) {
    restore();
  }

  @Override
  public void restore() {
    ScopeSnapshot.Restore installed = INSTALLED.get().poll();
    if (installed != null) {
      installed.close();
    }
  }
}
