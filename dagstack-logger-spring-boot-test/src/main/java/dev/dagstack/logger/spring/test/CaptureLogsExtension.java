package dev.dagstack.logger.spring.test;

import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.context.Taps;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link CaptureLogs}: before each test it installs a tap that
 * receives the records emitted on the test's thread, and those emitted on any thread through the
 * test's application context (its {@code LoggerProvider} bean; the global provider for a test
 * without a Spring context); after it removes the tap, and it resolves
 * {@link CapturedLogs} parameters of test and {@code @BeforeEach}/{@code @AfterEach} methods to
 * the current test's capture. Usable directly with {@code @ExtendWith(CaptureLogsExtension.class)}.
 */
public final class CaptureLogsExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  /** At most this many records are kept per test; the oldest are dropped beyond it. */
  static final int CAPACITY = 100_000;

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CaptureLogsExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    CaptureSink tap = new CaptureSink(CAPACITY);
    context.getStore(NAMESPACE).put(CapturedLogs.class, new CapturedLogs(tap));
    LoggerProvider provider = SpringTestContexts.loggerProvider(context);
    Taps.add(tap, Thread.currentThread(), provider != null ? provider : LoggerProvider.global());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    CapturedLogs logs = context.getStore(NAMESPACE).remove(CapturedLogs.class, CapturedLogs.class);
    if (logs != null) {
      Taps.remove(logs.tap());
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == CapturedLogs.class
        && context.getTestMethod().isPresent();
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    CapturedLogs logs = context.getStore(NAMESPACE).get(CapturedLogs.class, CapturedLogs.class);
    if (logs == null) {
      throw new ParameterResolutionException("CapturedLogs is available to test methods and"
          + " @BeforeEach/@AfterEach methods of a @CaptureLogs test only");
    }
    return logs;
  }
}
