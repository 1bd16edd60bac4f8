package dev.dagstack.logger.spring.autoconfigure;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Tells {@link DagstackLoggingSystem} that the application failed to start, before Boot's
 * logging listener cleans the logging system up, so that the failure report Boot logs next is
 * written as dagstack records. Registered in {@code META-INF/spring.factories}.
 */
final class StartupFailureListener implements ApplicationListener<ApplicationFailedEvent>, Ordered {

  @Override
  public void onApplicationEvent(ApplicationFailedEvent event) {
    DagstackLoggingSystem.startupFailed();
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
