package dev.dagstack.logger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.sink.Sink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The LoggerProvider the starter configures: the global one, or the application's bean. */
class LoggerProviderBeanTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(DagstackLoggerAutoConfigurationTest.DAGSTACK)
      .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false",
          "dagstack.logger.sinks.memory.type=in-memory");

  @AfterEach
  void resetLogger() {
    Logger.reset();
  }

  @Test
  void byDefaultTheGlobalProviderIsConfiguredAndOutlivesTheContext() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(LoggerProvider.class)).isSameAs(LoggerProvider.global());
      assertThat(Logger.configuration())
          .isSameAs(context.getBean(DagstackLoggerConfigurer.class).configuration());
    });
    // The context closed: the configurer restored the defaults, the global provider still works.
    assertThat(Logger.configuration().sinks()).extracting(Sink::id).containsExactly("console:auto");
  }

  @Test
  void anApplicationProviderIsTheOneConfiguredAndTheOneInjectedLoggersComeFrom() {
    LoggerProvider own = LoggerProvider.builder().build();
    runner.withBean(LoggerProvider.class, () -> own).withBean(Injected.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          DagstackLoggerConfigurer configurer = context.getBean(DagstackLoggerConfigurer.class);
          assertThat(own.configuration()).isSameAs(configurer.configuration());
          assertThat(Logger.configuration()).isNotSameAs(configurer.configuration());

          Logger injected = context.getBean(Injected.class).logger;
          assertThat(injected.provider()).isSameAs(own);
          injected.warn("into the application's provider");
          InMemorySink memory = (InMemorySink) context.getBean("dagstack.logger.sinks.memory", Sink.class);
          assertThat(memory.records()).extracting(LogRecord::bodyText)
              .containsExactly("into the application's provider");
          assertThat(memory.records()).extracting(LogRecord::severityNumber)
              .containsExactly(Severity.WARN);
        });
    // The context closed: its configuration was retired from the application's provider.
    assertThat(own.configuration().sinks()).isEmpty();
  }

  static class Injected {
    @Autowired Logger logger;
  }
}
