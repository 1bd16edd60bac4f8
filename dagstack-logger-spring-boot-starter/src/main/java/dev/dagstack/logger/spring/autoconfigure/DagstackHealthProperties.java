package dev.dagstack.logger.spring.autoconfigure;

/**
 * {@code dagstack.logger.health.*}: how the {@code dagstackLogger} health indicator reports a
 * failing sink.
 */
public class DagstackHealthProperties {

  /**
   * Whether a closed sink or one with recent write errors makes the indicator DOWN (so the
   * application's /actuator/health answers 503 and a load balancer takes the instance out).
   * Default false: the indicator reports DEGRADED, which answers 200 and leaves the aggregate
   * status to the other indicators.
   */
  private boolean downOnSinkFailure;

  public boolean isDownOnSinkFailure() {
    return downOnSinkFailure;
  }

  public void setDownOnSinkFailure(boolean downOnSinkFailure) {
    this.downOnSinkFailure = downOnSinkFailure;
  }
}
