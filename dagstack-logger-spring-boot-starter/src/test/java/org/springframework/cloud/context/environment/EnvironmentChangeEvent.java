package org.springframework.cloud.context.environment;

import java.util.Set;
import org.springframework.context.ApplicationEvent;

/**
 * The shape of Spring Cloud Context's event (5.0.x: an {@code ApplicationEvent} with the changed
 * keys), for the test of the starter's by-name match. Spring Cloud itself has no release for
 * Boot 4.1, so it cannot be on this test classpath.
 */
public class EnvironmentChangeEvent extends ApplicationEvent {

  private static final long serialVersionUID = 1L;

  private final Set<String> keys;

  public EnvironmentChangeEvent(Object context, Set<String> keys) {
    super(context);
    this.keys = keys;
  }

  public Set<String> getKeys() {
    return keys;
  }
}
