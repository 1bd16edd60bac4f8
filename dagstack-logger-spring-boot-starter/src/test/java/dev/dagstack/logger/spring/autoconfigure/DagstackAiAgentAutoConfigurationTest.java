package dev.dagstack.logger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.spring.ai.SpringAiObservationHandler;
import dev.dagstack.logger.spring.ai.SpringAiRetryCustomizer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code dagstack.logger.ai-agent.*} and the Spring AI conditions. */
class DagstackAiAgentAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
          DagstackConventionsAutoConfiguration.class, DagstackLoggerAutoConfiguration.class,
          DagstackAiAgentAutoConfiguration.class))
      .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false",
          "dagstack.logger.sinks.memory.type=in-memory");

  @AfterEach
  void resetLogger() {
    Logger.reset();
  }

  private static Map<String, Object> emitBody(InMemorySink sink) {
    Logger.get("assistant").info("asked", Attrs.of("gen_ai.prompt.0.content", "secret plan"));
    return sink.records().get(sink.records().size() - 1).attributes();
  }

  @Test
  void withoutSpringAiTheStarterStartsAndBodyPrivacyStillApplies() {
    runner.withClassLoader(new FilteredClassLoader("org.springframework.ai", "okhttp3"))
        .withPropertyValues("dagstack.logger.ai-agent.enabled=true")
        .run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(SpringAiObservationHandler.class)
              .doesNotHaveBean(SpringAiRetryCustomizer.class);
          assertThat(emitBody(context.getBean(InMemorySink.class)))
              .containsEntry("gen_ai.prompt.0.content", "")
              .containsKey("gen_ai.prompt.0.content.hash");
        });
  }

  @Test
  void withSpringAiAndThePackOnTheHandlersAreRegistered() {
    runner.withPropertyValues("dagstack.logger.ai-agent.enabled=true",
            "dagstack.logger.ai-agent.capture-bodies=true",
            "dagstack.logger.ai-agent.max-body-bytes=6",
            "dagstack.logger.ai-agent.hash-bodies=false")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(SpringAiObservationHandler.class)
              .hasSingleBean(SpringAiRetryCustomizer.class);
          assertThat(emitBody(context.getBean(InMemorySink.class)))
              .containsEntry("gen_ai.prompt.0.content", "secret")
              .containsEntry("gen_ai.prompt.0.content_truncated", true)
              .doesNotContainKey("gen_ai.prompt.0.content.hash");
        });
  }

  @Test
  void thePackIsOffByDefault() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(SpringAiObservationHandler.class);
      assertThat(Logger.configuration().conventions().aiAgent().enabled()).isFalse();
      assertThat(emitBody(context.getBean(InMemorySink.class)))
          .containsEntry("gen_ai.prompt.0.content", "secret plan");
    });
  }

  @Test
  void aMaxBodyBytesBelowOneFailsNamingTheProperty() {
    runner.withPropertyValues("dagstack.logger.ai-agent.enabled=true",
            "dagstack.logger.ai-agent.max-body-bytes=0")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause().isInstanceOf(InvalidDagstackLoggerPropertyException.class)
            .hasMessageContaining("dagstack.logger.ai-agent.max-body-bytes")
            .hasMessageContaining("at least 1"));
  }

  @Test
  void theSaltIsNeverShown() {
    runner.withPropertyValues("dagstack.logger.ai-agent.enabled=true",
            "dagstack.logger.ai-agent.body-hash-salt=pepper-99")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(Logger.configuration().toString()).doesNotContain("pepper-99");
          assertThat(context.getBean(DagstackLoggerProperties.class).getAiAgent().toString())
              .doesNotContain("pepper-99").contains("bodyHashSalt=(set)");
          assertThat(Logger.configuration().conventions().aiAgent().bodyHashSalt())
              .isEqualTo("pepper-99");
        });
  }
}
