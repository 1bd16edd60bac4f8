package dev.dagstack.logger.spring.contexts;

import static dev.dagstack.logger.spring.test.LogAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.spring.autoconfigure.DagstackLogbackBridgeAutoConfiguration;
import dev.dagstack.logger.spring.autoconfigure.DagstackLoggerAutoConfiguration;
import dev.dagstack.logger.spring.test.CaptureLogs;
import dev.dagstack.logger.spring.test.CapturedLogs;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The test classes of the cached-context scenario (issue 14), run by {@link ContextOwnershipTest}
 * through the JUnit launcher: A starts a context, B a second one (different properties) while A's
 * stays cached, then C and D run on A's cached context. Nested, so surefire does not run them on
 * their own.
 */
final class CachedContextScenario {

  static final String MEMORY = "dagstack.logger.sinks.memory.type=in-memory";

  /** What each test saw: its tag → the sink its context injected, and its context. */
  static final Map<String, InMemorySink> SINKS = new ConcurrentHashMap<>();
  static final Map<String, ConfigurableApplicationContext> CONTEXTS = new ConcurrentHashMap<>();

  private CachedContextScenario() {}

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({DagstackLoggerAutoConfiguration.class,
      DagstackLogbackBridgeAutoConfiguration.class})
  static class App {
    @Bean
    Worker worker(Logger logger) {
      return new Worker(logger);
    }
  }

  /** Logs three ways: an injected logger, SLF4J (the Logback bridge), a static dagstack logger. */
  static final class Worker {
    private static final org.slf4j.Logger SLF4J = LoggerFactory.getLogger(Worker.class);
    private final Logger logger;

    Worker(Logger logger) {
      this.logger = logger;
    }

    void work(String who) {
      logger.info("working", Attrs.of("who", who));
      SLF4J.atInfo().addKeyValue("who", who).log("working via slf4j");
      Logger.get("scenario.static").info("working via a static logger", Attrs.of("who", who));
    }
  }

  abstract static class Base {
    @Autowired Worker worker;
    @Autowired @Qualifier("dagstack.logger.sinks.memory") Sink memory;
    @Autowired ConfigurableApplicationContext context;

    void workAndCheck(String who) {
      InMemorySink sink = (InMemorySink) memory;
      SINKS.put(who, sink);
      CONTEXTS.put(who, context);
      worker.work(who);
      assertThat(sink.records().stream().filter(r -> who.equals(r.attributes().get("who")))
          .map(LogRecord::bodyText))
          .containsExactly("working", "working via slf4j", "working via a static logger");
    }
  }

  @SpringBootTest(classes = App.class, properties = {MEMORY, "scenario.context=a"})
  static class A extends Base {
    @Test
    void startsTheFirstContext() {
      workAndCheck("a");
    }
  }

  @SpringBootTest(classes = App.class, properties = {MEMORY, "scenario.context=b"})
  static class B extends Base {
    @Test
    void startsASecondContextWhileTheFirstIsCached() {
      workAndCheck("b");
    }
  }

  @SpringBootTest(classes = App.class, properties = {MEMORY, "scenario.context=a"})
  static class C extends Base {
    @Test
    void runsOnTheCachedFirstContextWithAnInjectedInMemorySink() {
      workAndCheck("c");
    }
  }

  @SpringBootTest(classes = App.class, properties = {MEMORY, "scenario.context=a"})
  @CaptureLogs
  static class D extends Base {
    @Test
    void capturesExactlyItsOwnRecordsOnTheCachedFirstContext(CapturedLogs logs) {
      workAndCheck("d");
      assertThat(logs.records()).extracting(LogRecord::bodyText)
          .contains("working", "working via slf4j", "working via a static logger");
      // Only this test's records: none of another test's, whatever runs at the same time.
      assertThat(logs.records()).allSatisfy(record -> assertThat(record.attributes().get("who"))
          .isIn("d", null));
    }
  }
}
