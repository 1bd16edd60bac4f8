package dev.dagstack.logger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.sink.ConsoleSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A failing sink is DEGRADED by default and DOWN only when the operator opts in. */
class DagstackLoggerHealthIndicatorTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(DagstackLoggerAutoConfigurationTest.DAGSTACK)
      .withConfiguration(AutoConfigurations.of(DagstackActuatorAutoConfiguration.class))
      .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false",
          "dagstack.logger.sinks.out.type=console", "dagstack.logger.sinks.out.stream=stdout");

  @AfterEach
  void resetLogger() {
    Logger.reset();
  }

  @Test
  void aClosedSinkIsDegradedByDefault() {
    runner.run(context -> {
      DagstackLoggerHealthIndicator health = context.getBean(DagstackLoggerHealthIndicator.class);
      assertThat(health.health().getStatus()).isEqualTo(Status.UP);
      context.getBean(ConsoleSink.class).close();
      assertThat(health.health().getStatus()).isEqualTo(DagstackLoggerHealthIndicator.DEGRADED);
    });
  }

  @Test
  void aClosedSinkIsDownWhenTheOperatorOptsIn() {
    runner.withPropertyValues("dagstack.logger.health.down-on-sink-failure=true").run(context -> {
      DagstackLoggerHealthIndicator health = context.getBean(DagstackLoggerHealthIndicator.class);
      context.getBean(ConsoleSink.class).close();
      assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.health().getDetails()).containsKey("sinks");
    });
  }
}
