package dev.dagstack.logger.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.convention.ConventionsConfig;
import dev.dagstack.logger.convention.ValidationMode;
import dev.dagstack.logger.spring.autoconfigure.DagstackConventionsAutoConfiguration;
import dev.dagstack.logger.spring.autoconfigure.DagstackLoggerAutoConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code dagstack.logger.events.*} and {@code dagstack.logger.operations.*}, and their errors. */
class ConventionsPropertiesTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DagstackConventionsAutoConfiguration.class,
          DagstackLoggerAutoConfiguration.class))
      .withPropertyValues("dagstack.logger.sinks.capture.type=in-memory");

  @AfterEach
  void reset() {
    Logger.reset();
  }

  @Test
  void propertiesReachTheAppliedConfiguration(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("com.example.billing.yaml"), "events:\n  invoice_sent: {}\n");
    runner.withPropertyValues("dagstack.logger.events.validation=strict",
        "dagstack.logger.events.schema-locations[0]=file:" + dir + "/",
        "dagstack.logger.operations.kinds[0]=billing",
        "dagstack.logger.operations.progress-interval=2s").run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(OperationObservationHandler.class);
          ConventionsConfig applied = Logger.configuration().conventions();
          assertThat(applied).isSameAs(context.getBean(ConventionsConfig.class));
          assertThat(applied.validation()).isEqualTo(ValidationMode.STRICT);
          assertThat(applied.operationKinds()).contains("billing", "lifecycle");
          assertThat(applied.progressInterval()).isEqualTo(Duration.ofSeconds(2));
          assertThat(applied.schemas().find("com.example.billing", "invoice_sent")).isPresent();
        });
  }

  @Test
  void aBrokenSchemaFileFailsStartupNamingTheFileAndLine(@TempDir Path dir) throws Exception {
    Path broken = Files.writeString(dir.resolve("com.example.bad.yaml"),
        "events:\n  e:\n    required_attributes: 7\n");
    runner.withPropertyValues("dagstack.logger.events.schema-locations[0]=file:" + broken)
        .run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause().hasMessageContaining("dagstack.logger.events.schema-locations")
            .hasMessageContaining(broken + ":3:26: events.e.required_attributes must be a list"));
  }

  @Test
  void badValuesNameTheProperty() {
    runner.withPropertyValues("dagstack.logger.events.schema-locations[0]=file:/no/such.yaml")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("dagstack.logger.events.schema-locations[0]"));
    runner.withPropertyValues("dagstack.logger.operations.kinds[0]=Not Snake")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("dagstack.logger.operations.kinds")
            .hasMessageContaining("snake_case"));
    runner.withPropertyValues("dagstack.logger.events.validation=loud")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void observationsCanBeTurnedOff() {
    runner.withPropertyValues("dagstack.logger.operations.observations.enabled=false")
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(OperationObservationHandler.class));
  }
}
