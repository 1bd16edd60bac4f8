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

/**
 * The LoggerProvider the starter configures: the context's own (the global loggers routed to it
 * while the context runs), the application's bean, or the global one when that is the bean.
 */
class LoggerProviderBeanTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(DagstackLoggerAutoConfigurationTest.DAGSTACK)
      .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false",
          "dagstack.logger.sinks.memory.type=in-memory");

  @AfterEach
  void resetLogger() {
    Logger.reset();
  }

  private static InMemorySink memory(org.springframework.context.ApplicationContext context) {
    return (InMemorySink) context.getBean("dagstack.logger.sinks.memory", Sink.class);
  }

  @Test
  void eachContextOwnsAProviderAndTheGlobalLoggersFollowItWhileItRuns() {
    LoggerProvider[] owned = new LoggerProvider[1];
    runner.withBean(Injected.class).run(context -> {
      assertThat(context).hasNotFailed();
      LoggerProvider provider = context.getBean(LoggerProvider.class);
      owned[0] = provider;
      assertThat(provider).isNotSameAs(LoggerProvider.global());
      assertThat(provider.configuration())
          .isSameAs(context.getBean(DagstackLoggerConfigurer.class).configuration());
      assertThat(context.getBean(Injected.class).logger.provider()).isSameAs(provider);
      // The global provider keeps its own configuration; its loggers follow the route.
      assertThat(Logger.configuration()).isSameAs(provider.configuration());
      assertThat(LoggerProvider.global().configuration()).isNotSameAs(provider.configuration());

      context.getBean(Injected.class).logger.info("injected");
      Logger.get("static.caller").info("static");
      assertThat(memory(context).records()).extracting(LogRecord::bodyText)
          .containsExactly("injected", "static");
    });
    // The context closed: its provider is closed, the global loggers are back on their own.
    assertThat(owned[0].configuration().sinks()).isEmpty();
    assertThat(Logger.configuration()).isSameAs(LoggerProvider.global().configuration());
    assertThat(Logger.configuration().sinks()).extracting(Sink::id).containsExactly("console:auto");
  }

  @Test
  void twoLiveContextsNeverReceiveEachOthersRecordsAndClosingOneLeavesTheOther() {
    runner.withBean(Injected.class).run(first -> runner.withBean(Injected.class).run(second -> {
      InMemorySink firstSink = memory(first);
      InMemorySink secondSink = memory(second);
      Logger firstLogger = first.getBean(Injected.class).logger;
      Logger secondLogger = second.getBean(Injected.class).logger;
      firstLogger.info("first");
      secondLogger.info("second");
      // The latest started context has the global loggers.
      Logger.get("static.caller").info("static goes to the second");
      try (LoggerProvider.Binding bound = first.getBean(LoggerProvider.class).makeCurrent()) {
        Logger.get("static.caller").info("static on a thread bound to the first");
      }
      assertThat(firstSink.records()).extracting(LogRecord::bodyText)
          .containsExactly("first", "static on a thread bound to the first");
      assertThat(secondSink.records()).extracting(LogRecord::bodyText)
          .containsExactly("second", "static goes to the second");

      second.close();
      Logger.get("static.caller").info("the first has the global loggers again");
      firstLogger.info("the first still writes");
      assertThat(firstSink.records()).extracting(LogRecord::bodyText).endsWith(
          "the first has the global loggers again", "the first still writes");
      assertThat(secondSink.records()).hasSize(2);
    }));
  }

  @Test
  void anApplicationProviderIsTheOneConfiguredAndTheOneInjectedLoggersComeFrom() {
    LoggerProvider own = LoggerProvider.builder().build();
    runner.withBean(LoggerProvider.class, () -> own).withBean(Injected.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          DagstackLoggerConfigurer configurer = context.getBean(DagstackLoggerConfigurer.class);
          assertThat(own.configuration()).isSameAs(configurer.configuration());

          Logger injected = context.getBean(Injected.class).logger;
          assertThat(injected.provider()).isSameAs(own);
          injected.warn("into the application's provider");
          assertThat(memory(context).records()).extracting(LogRecord::bodyText)
              .containsExactly("into the application's provider");
          assertThat(memory(context).records()).extracting(LogRecord::severityNumber)
              .containsExactly(Severity.WARN);
        });
    // The context closed: its configuration was retired from the application's provider.
    assertThat(own.configuration().sinks()).isEmpty();
  }

  @Test
  void theGlobalProviderAsTheBeanKeepsOneProcessWideConfiguration() {
    runner.withBean(LoggerProvider.class, LoggerProvider::global).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(LoggerProvider.global().configuration())
          .isSameAs(context.getBean(DagstackLoggerConfigurer.class).configuration());
      Logger.get("static.caller").info("static");
      assertThat(memory(context).records()).extracting(LogRecord::bodyText)
          .containsExactly("static");
    });
    assertThat(Logger.configuration().sinks()).extracting(Sink::id).containsExactly("console:auto");
  }

  static class Injected {
    @Autowired Logger logger;
  }
}
