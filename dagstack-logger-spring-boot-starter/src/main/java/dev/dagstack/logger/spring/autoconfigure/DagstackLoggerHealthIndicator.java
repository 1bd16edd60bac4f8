package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.Sink;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code /actuator/health/dagstackLogger}: {@link #DEGRADED} while a sink is closed or has failed
 * to write a record within the last {@link #RECENT} (its {@code write_error} drop count grew), UP
 * otherwise. DEGRADED answers HTTP 200 and is not part of Boot's default status order, so a
 * logging problem does not take the instance out of a load balancer; with
 * {@code dagstack.logger.health.down-on-sink-failure=true} it is DOWN instead (503). The details
 * list every sink with its status, class, drop counts and buffer depth.
 */
final class DagstackLoggerHealthIndicator implements HealthIndicator {

  /** How long a sink's write error keeps the health DOWN. */
  static final Duration RECENT = Duration.ofMinutes(1);

  /** The status of a failing sink unless the operator opted into DOWN. */
  static final Status DEGRADED = new Status("DEGRADED", "a sink is closed or failing to write");

  private final DagstackLoggerConfigurer configurer;
  private final LongSupplier nanoClock;
  private final boolean downOnSinkFailure;
  private final Map<Sink, long[]> seen = new ConcurrentHashMap<>();

  DagstackLoggerHealthIndicator(DagstackLoggerConfigurer configurer, LongSupplier nanoClock,
      boolean downOnSinkFailure) {
    this.configurer = configurer;
    this.nanoClock = nanoClock;
    this.downOnSinkFailure = downOnSinkFailure;
  }

  @Override
  public Health health() {
    long now = nanoClock.getAsLong();
    boolean down = false;
    Map<String, Object> sinks = new LinkedHashMap<>();
    for (Sink sink : configurer.allSinks()) {
      long errors = sink.droppedCount(DropReason.WRITE_ERROR);
      // {errors seen last time, time they last grew}
      long[] state = seen.computeIfAbsent(sink, s -> new long[] {0, Long.MIN_VALUE});
      boolean recentErrors;
      synchronized (state) {
        if (errors > state[0]) {
          state[0] = errors;
          state[1] = now;
        }
        recentErrors = state[1] != Long.MIN_VALUE && now - state[1] < RECENT.toNanos();
      }
      String status = sink.isClosed() ? "closed" : recentErrors ? "write_errors" : "ok";
      down |= !status.equals("ok");
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("status", status);
      detail.put("type", DagstackLoggerEndpoint.typeName(sink));
      detail.put("dropped", DagstackLoggerEndpoint.dropped(sink));
      detail.put("bufferDepth", sink.bufferDepth());
      sinks.put(sink.id(), detail);
    }
    Status status = !down ? Status.UP : downOnSinkFailure ? Status.DOWN : DEGRADED;
    return Health.status(status).withDetail("sinks", sinks).build();
  }
}
