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

/**
 * {@code /actuator/health/dagstackLogger}: DOWN while a sink is closed or has failed to write a
 * record within the last {@link #RECENT} (its {@code write_error} drop count grew), UP otherwise.
 * The details list every sink with its drop counts and buffer depth.
 */
final class DagstackLoggerHealthIndicator implements HealthIndicator {

  /** How long a sink's write error keeps the health DOWN. */
  static final Duration RECENT = Duration.ofMinutes(1);

  private final DagstackLoggerConfigurer configurer;
  private final LongSupplier nanoClock;
  private final Map<Sink, long[]> seen = new ConcurrentHashMap<>();

  DagstackLoggerHealthIndicator(DagstackLoggerConfigurer configurer, LongSupplier nanoClock) {
    this.configurer = configurer;
    this.nanoClock = nanoClock;
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
      detail.put("type", sink.getClass().getSimpleName());
      detail.put("dropped", DagstackLoggerEndpoint.dropped(sink));
      detail.put("bufferDepth", sink.bufferDepth());
      sinks.put(sink.id(), detail);
    }
    return (down ? Health.down() : Health.up()).withDetail("sinks", sinks).build();
  }
}
