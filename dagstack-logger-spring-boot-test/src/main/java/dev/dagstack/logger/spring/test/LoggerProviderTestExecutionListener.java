package dev.dagstack.logger.spring.test;

import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.context.Taps;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Marks the test thread as the running test's ({@link Taps#claimThread}), and binds the test's
 * application context's {@link LoggerProvider} to it for each
 * test method ({@code @BeforeEach} to {@code @AfterEach}), so that the static loggers and the
 * SLF4J bridge write the test's records through that context's sinks, even when the test
 * context cache keeps other contexts alive. Registered through {@code spring.factories}; a
 * test without an application context, or whose context has no provider bean, is left alone.
 */
public final class LoggerProviderTestExecutionListener implements TestExecutionListener, Ordered {

  private static final String BINDING =
      LoggerProviderTestExecutionListener.class.getName() + ".binding";
  private static final String CLAIMED =
      LoggerProviderTestExecutionListener.class.getName() + ".claimed";

  /** Before Spring's own listeners that run test code (e.g. SQL scripts) and after DI. */
  @Override
  public int getOrder() {
    return 1950;
  }

  @Override
  public void beforeTestMethod(TestContext testContext) {
    // The test's thread is its own: another test's capture never takes its records.
    Taps.claimThread(Thread.currentThread());
    testContext.setAttribute(CLAIMED, Thread.currentThread());
    LoggerProvider provider = provider(testContext);
    if (provider != null) {
      testContext.setAttribute(BINDING, provider.makeCurrent());
    }
  }

  @Override
  public void afterTestMethod(TestContext testContext) {
    Object binding = testContext.removeAttribute(BINDING);
    if (binding instanceof LoggerProvider.Binding open) {
      open.close();
    }
    if (testContext.removeAttribute(CLAIMED) instanceof Thread thread) {
      Taps.releaseThread(thread);
    }
  }

  /** The context's own provider, or {@code null} (no context yet, none, or several). */
  static LoggerProvider provider(TestContext testContext) {
    if (!testContext.hasApplicationContext()) {
      return null;
    }
    ApplicationContext context = testContext.getApplicationContext();
    return context.getBeanProvider(LoggerProvider.class).getIfUnique();
  }
}
