package dev.dagstack.logger.spring;

import org.springframework.context.ApplicationEvent;

/**
 * Asks the starter to rebind {@code dagstack.logger.*} from the Environment and reconfigure the
 * logger (spec §9.3). Publish it after changing the Environment's property sources at runtime:
 *
 * <pre>{@code
 * environment.getPropertySources().addFirst(new MapPropertySource("ops",
 *     Map.of("dagstack.logger.level", "warn")));
 * applicationContext.publishEvent(new DagstackLoggerRefreshEvent(this));
 * }</pre>
 *
 * Spring Cloud's {@code EnvironmentChangeEvent} (sent by {@code /actuator/refresh}) does the same
 * where Spring Cloud is on the classpath. A bad value is rejected and the running configuration
 * stays; the rejection is reported on {@code dagstack.logger.internal} and counted in
 * {@code dagstack.logger.reconfigure{result=rejected}}.
 */
public class DagstackLoggerRefreshEvent extends ApplicationEvent {

  private static final long serialVersionUID = 1L;

  /** @param source who changed the Environment */
  public DagstackLoggerRefreshEvent(Object source) {
    super(source);
  }
}
