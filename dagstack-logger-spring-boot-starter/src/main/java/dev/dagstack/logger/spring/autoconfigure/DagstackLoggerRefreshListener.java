package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.spring.DagstackLoggerRefreshEvent;
import java.lang.reflect.Method;
import java.util.Collection;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;

/**
 * Reconfigures the logger when the Environment changes at runtime: on
 * {@link DagstackLoggerRefreshEvent}, and on Spring Cloud's {@code EnvironmentChangeEvent} when
 * its changed keys touch {@code dagstack.logger.*} or {@code logging.*}. Spring Cloud is matched
 * by class name, without a dependency: no Spring Cloud release supports Boot 4.1 yet.
 */
final class DagstackLoggerRefreshListener implements GenericApplicationListener {

  static final String SPRING_CLOUD_EVENT =
      "org.springframework.cloud.context.environment.EnvironmentChangeEvent";

  private final DagstackLoggerConfigurer configurer;

  DagstackLoggerRefreshListener(DagstackLoggerConfigurer configurer) {
    this.configurer = configurer;
  }

  @Override
  public boolean supportsEventType(ResolvableType eventType) {
    Class<?> type = eventType.toClass();
    return DagstackLoggerRefreshEvent.class.isAssignableFrom(type) || isSpringCloudEvent(type);
  }

  private static boolean isSpringCloudEvent(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(SPRING_CLOUD_EVENT)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void onApplicationEvent(ApplicationEvent event) {
    if (!(event instanceof DagstackLoggerRefreshEvent) && !touchesLogging(event)) {
      return;
    }
    try {
      configurer.refresh();
    } catch (RuntimeException e) {
      // Already reported on the diagnostic channel and counted; the running configuration stays,
      // and whoever changed the Environment is not made to fail for it.
    }
  }

  /** Whether a Spring Cloud event's changed keys concern the logger (all keys when unknown). */
  private static boolean touchesLogging(ApplicationEvent event) {
    Object keys;
    try {
      Method getKeys = event.getClass().getMethod("getKeys");
      keys = getKeys.invoke(event);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true;
    }
    if (!(keys instanceof Collection)) {
      return true;
    }
    for (Object key : (Collection<?>) keys) {
      String name = String.valueOf(key);
      if (name.startsWith(DagstackLoggerProperties.PREFIX + ".") || name.startsWith("logging.")) {
        return true;
      }
    }
    return false;
  }
}
