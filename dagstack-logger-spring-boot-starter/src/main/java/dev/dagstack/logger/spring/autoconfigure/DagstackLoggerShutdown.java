package dev.dagstack.logger.spring.autoconfigure;

import java.util.ArrayDeque;
import java.util.Deque;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Closes the dagstack logger's configuration after the application's own beans are destroyed,
 * so that what {@code @PreDestroy} methods log still reaches the configured sinks. It is a
 * {@link BeanFactoryPostProcessor} only to be created before every ordinary bean: Spring destroys
 * beans in the reverse order of their creation, so it is destroyed last.
 */
final class DagstackLoggerShutdown implements BeanFactoryPostProcessor, DisposableBean {

  private final Deque<Runnable> actions = new ArrayDeque<>();

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {}

  /** Runs {@code action} when the context closes, after the application's beans (LIFO). */
  synchronized void register(Runnable action) {
    actions.push(action);
  }

  @Override
  public void destroy() {
    while (true) {
      Runnable action;
      synchronized (this) {
        action = actions.poll();
      }
      if (action == null) {
        return;
      }
      action.run();
    }
  }
}
