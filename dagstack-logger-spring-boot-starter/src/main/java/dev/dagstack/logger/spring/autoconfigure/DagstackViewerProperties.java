package dev.dagstack.logger.spring.autoconfigure;

/**
 * {@code dagstack.logger.viewer.*}: the live log viewer on the actuator's management server, at
 * {@code <management base path>/logviewer} (the actuator endpoint {@code logviewer}; expose it
 * like any endpoint, e.g. {@code management.endpoints.web.exposure.include=logviewer}).
 */
public class DagstackViewerProperties {

  /** Turns the viewer on; off by default, and then the endpoint does not exist. */
  private boolean enabled;

  /** How many of the newest records the viewer holds in memory; the oldest go first. */
  private int capacity = 10_000;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getCapacity() {
    return capacity;
  }

  public void setCapacity(int capacity) {
    this.capacity = capacity;
  }
}
