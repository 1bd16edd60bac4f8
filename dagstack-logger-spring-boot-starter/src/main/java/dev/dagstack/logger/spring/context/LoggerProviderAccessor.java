package dev.dagstack.logger.spring.context;

import dev.dagstack.logger.LoggerProvider;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.ArrayDeque;

/**
 * Lets Micrometer context propagation carry the thread's {@link LoggerProvider} binding
 * ({@link LoggerProvider#makeCurrent()}: the application context a request or a test belongs to)
 * to other threads: Spring's {@code ContextPropagatingTaskDecorator}, Reactor's automatic
 * propagation (the WebFlux request filter puts it in the Reactor context), {@code
 * ContextSnapshot.wrap(...)}. So the static loggers and the SLF4J bridge on those threads write
 * through the same context's configuration. Registered through {@code META-INF/services}.
 */
public final class LoggerProviderAccessor implements ThreadLocalAccessor<LoggerProvider> {

  /** The accessor's key in the {@code ContextRegistry} and in a Reactor context. */
  public static final String KEY = "dagstack.logger.provider";

  /** The bindings made on this thread, innermost first, each closed by its restore. */
  private static final ThreadLocal<ArrayDeque<LoggerProvider.Binding>> INSTALLED =
      ThreadLocal.withInitial(ArrayDeque::new);

  @Override
  public Object key() {
    return KEY;
  }

  /** The calling thread's provider, or {@code null} when none is bound. */
  @Override
  public LoggerProvider getValue() {
    return LoggerProvider.current();
  }

  @Override
  public void setValue(LoggerProvider value) {
    INSTALLED.get().push(value.makeCurrent());
  }

  /** The captured context had no binding: none applies while it is current. */
  @Override
  public void setValue() {
    INSTALLED.get().push(LoggerProvider.global().makeCurrent());
  }

  @Override
  public void restore(LoggerProvider previousValue) {
    restore();
  }

  @Override
  public void restore() {
    LoggerProvider.Binding installed = INSTALLED.get().poll();
    if (installed != null) {
      installed.close();
    }
  }
}
