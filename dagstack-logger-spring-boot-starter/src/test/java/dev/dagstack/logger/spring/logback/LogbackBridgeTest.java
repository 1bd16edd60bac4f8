package dev.dagstack.logger.spring.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.spring.autoconfigure.DagstackLogbackBridgeAutoConfiguration;
import dev.dagstack.logger.spring.autoconfigure.DagstackLoggerAutoConfiguration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The SLF4J/Logback bridge against the real Logback of the test classpath. */
class LogbackBridgeTest {

  private static final String NAME = "com.example.bridge.Service";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DagstackLoggerAutoConfiguration.class,
          DagstackLogbackBridgeAutoConfiguration.class))
      .withPropertyValues("dagstack.logger.sinks.memory.type=in-memory",
          "dagstack.logger.sinks.memory.capacity=100",
          "dagstack.logger.loggers.com.example.bridge=info",
          "dagstack.logger.loggers.com.example.verbose=debug");

  private final LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final ch.qos.logback.classic.Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private ConsoleAppender<ILoggingEvent> console;

  @BeforeEach
  void ensureAConsoleAppender() {
    if (consoleAppenders().isEmpty()) {
      console = new ConsoleAppender<>();
      console.setContext(logback);
      console.setName("test-console");
      console.setEncoder(new ch.qos.logback.classic.encoder.PatternLayoutEncoder());
      console.getEncoder().setContext(logback);
      ((ch.qos.logback.classic.encoder.PatternLayoutEncoder) console.getEncoder()).setPattern("%msg%n");
      console.getEncoder().start();
      console.start();
      root.addAppender(console);
    }
  }

  @AfterEach
  void cleanUp() {
    if (console != null) {
      root.detachAppender(console);
      console.stop();
    }
    Logger.reset();
  }

  @Test
  void eventsBecomeDagstackRecordsOfTheSameName() {
    runner.run(context -> {
      InMemorySink sink = context.getBean(InMemorySink.class);
      org.slf4j.Logger slf4j = LoggerFactory.getLogger(NAME);
      slf4j.atInfo().addKeyValue("order.id", 42).addKeyValue("user_token", "s3cr3t")
          .log("order {} placed", "A-1");
      slf4j.warn("running low");
      IllegalStateException failure = new IllegalStateException("boom", new RuntimeException("cause"));
      slf4j.error("payment failed", failure);

      List<LogRecord> records = recordsOf(sink, NAME);
      assertThat(records).hasSize(3);
      LogRecord info = records.get(0);
      assertThat(info.body()).isEqualTo("order A-1 placed");
      assertThat(info.severityNumber()).isEqualTo(Severity.INFO);
      assertThat(info.instrumentationScope().name()).isEqualTo(NAME);
      assertThat(info.attributes()).containsEntry("order.id", 42L).containsEntry("user_token", "***");
      assertThat(records.get(1).severityNumber()).isEqualTo(Severity.WARN);
      LogRecord error = records.get(2);
      assertThat(error.severityNumber()).isEqualTo(Severity.ERROR);
      assertThat(error.body()).isEqualTo("payment failed");
      assertThat(error.attributes()).containsEntry("exception.type", IllegalStateException.class.getName())
          .containsEntry("exception.message", "boom");
      assertThat((String) error.attributes().get("exception.stacktrace"))
          .contains("IllegalStateException: boom", "Caused by: java.lang.RuntimeException: cause");
    });
  }

  @Test
  void aRecordCarriesTheTimeLogbackGaveTheEvent() {
    runner.run(context -> {
      InMemorySink sink = context.getBean(InMemorySink.class);
      ch.qos.logback.classic.Logger logger = logback.getLogger(NAME);
      // An event made at a known time (as an AsyncAppender in front would hand one on later):
      // the record keeps the event's time to the nanosecond rather than the time it was routed.
      ch.qos.logback.classic.spi.LoggingEvent event = new ch.qos.logback.classic.spi.LoggingEvent(
          ch.qos.logback.classic.Logger.class.getName(), logger, Level.INFO, "made earlier", null,
          null);
      java.time.Instant made = java.time.Instant.parse("2026-11-30T12:34:56.123456789Z");
      event.setInstant(made);
      logger.callAppenders(event);
      long before = System.currentTimeMillis() * 1_000_000L;
      LoggerFactory.getLogger(NAME).info("made now");

      List<LogRecord> records = recordsOf(sink, NAME);
      assertThat(records).extracting(LogRecord::body).containsExactly("made earlier", "made now");
      assertThat(records.get(0).timeUnixNano())
          .isEqualTo(made.getEpochSecond() * 1_000_000_000L + made.getNano());
      assertThat(records.get(1).timeUnixNano())
          .isBetween(before - 1_000_000L, System.currentTimeMillis() * 1_000_000L + 1_000_000L);
    });
  }

  @Test
  void mdcEntriesThreadNameAndMarkersBecomeAttributesWithCallSitePairsWinning() {
    runner.run(context -> {
      InMemorySink sink = context.getBean(InMemorySink.class);
      org.slf4j.Logger slf4j = LoggerFactory.getLogger(NAME);
      MDC.put("tenant.id", "t-1");
      MDC.put("session_token", "s3cr3t");
      MDC.put("order.id", "from-mdc");
      try {
        slf4j.atInfo().addMarker(MarkerFactory.getMarker("AUDIT"))
            .addMarker(MarkerFactory.getMarker("BILLING"))
            .addKeyValue("order.id", "from-call").log("with context");
      } finally {
        MDC.clear();
      }
      slf4j.info("without context");

      List<LogRecord> records = recordsOf(sink, NAME);
      assertThat(records).hasSize(2);
      assertThat(records.get(0).attributes())
          .containsEntry("tenant.id", "t-1")
          .containsEntry("session_token", "***")
          .containsEntry("order.id", "from-call")
          .containsEntry(DagstackAppender.MARKER, List.of("AUDIT", "BILLING"))
          .containsEntry(DagstackAppender.THREAD_NAME, Thread.currentThread().getName());
      assertThat(records.get(1).attributes())
          .containsOnlyKeys(DagstackAppender.THREAD_NAME);
    });
  }

  @Test
  void wellKnownValuesKeepTheirNaturalFormThroughTheBridge() {
    // Issue 11, case 2: a Path (an Iterable of itself) was written as 32 nested lists.
    runner.run(context -> {
      InMemorySink sink = context.getBean(InMemorySink.class);
      LoggerFactory.getLogger(NAME).atInfo()
          .addKeyValue("file.path", java.nio.file.Path.of("/var/log/app.jsonl"))
          .addKeyValue("exception.message", "call site wins")
          .setCause(new IllegalStateException("from the throwable"))
          .log("opened");

      LogRecord record = recordsOf(sink, NAME).get(0);
      assertThat(record.attributes()).containsEntry("file.path", "/var/log/app.jsonl")
          .containsEntry("exception.message", "call site wins")
          .containsEntry("exception.type", IllegalStateException.class.getName());
    });
  }

  @Test
  void logbackLevelsMapToSeverities() {
    assertThat(DagstackAppender.severity(Level.TRACE)).isEqualTo(1);
    assertThat(DagstackAppender.severity(Level.DEBUG)).isEqualTo(5);
    assertThat(DagstackAppender.severity(Level.INFO)).isEqualTo(9);
    assertThat(DagstackAppender.severity(Level.WARN)).isEqualTo(13);
    assertThat(DagstackAppender.severity(Level.ERROR)).isEqualTo(17);
  }

  @Test
  void aDisabledDebugCallIsRejectedByLogbackBeforeAnyFormatting() {
    runner.run(context -> {
      InMemorySink sink = context.getBean(InMemorySink.class);
      org.slf4j.Logger slf4j = LoggerFactory.getLogger(NAME);
      AtomicInteger formatted = new AtomicInteger();
      Object argument = new Object() {
        @Override
        public String toString() {
          formatted.incrementAndGet();
          return "expensive";
        }
      };
      assertThat(slf4j.isDebugEnabled()).isFalse();
      slf4j.debug("state {}", argument);
      assertThat(formatted).hasValue(0);
      assertThat(recordsOf(sink, NAME)).isEmpty();
    });
  }

  @Test
  void dagstackLevelsOpenLogbackForTheirNamesAndAreRestoredOnClose() {
    ch.qos.logback.classic.Logger verbose = logback.getLogger("com.example.verbose.Repo");
    Level before = logback.getLogger("com.example.verbose").getLevel();
    runner.run(context -> {
      assertThat(verbose.isDebugEnabled()).isTrue();
      LoggerFactory.getLogger("com.example.verbose.Repo").debug("query ran");
      assertThat(recordsOf(context.getBean(InMemorySink.class), "com.example.verbose.Repo"))
          .extracting(LogRecord::severityNumber).containsExactly(Severity.DEBUG);
    });
    assertThat(logback.getLogger("com.example.verbose").getLevel()).isEqualTo(before);
  }

  @Test
  void theInternalChannelNeverLoopsBack() {
    runner.run(context -> {
      LoggerFactory.getLogger("dagstack.logger.internal").error("must not loop");
      LoggerFactory.getLogger("dagstack.logger.internal.sinks").error("must not loop either");
      assertThat(context.getBean(InMemorySink.class).records())
          .noneMatch(record -> String.valueOf(record.body()).startsWith("must not loop"));
    });
  }

  @Test
  void consoleAppendersAreDetachedWhileInstalledAndEveryEventIsWrittenOnce() {
    List<Appender<ILoggingEvent>> consoles = consoleAppenders();
    assertThat(consoles).isNotEmpty();
    runner.run(first -> runner.run(second -> {
      assertThat(consoleAppenders()).isEmpty();
      assertThat(appenders()).filteredOn(a -> a instanceof DagstackAppender).hasSize(1);
      LoggerFactory.getLogger(NAME).info("written once");
      // The second context's configuration is the one in effect; its sink got the event once.
      assertThat(recordsOf(second.getBean(InMemorySink.class), NAME))
          .extracting(LogRecord::body).containsExactly("written once");
    }));
    assertThat(consoleAppenders()).containsExactlyElementsOf(consoles);
    assertThat(appenders()).noneMatch(a -> a instanceof DagstackAppender);
  }

  @Test
  void replaceConsoleFalseKeepsTheConsoleAppender() {
    List<Appender<ILoggingEvent>> consoles = consoleAppenders();
    runner.withPropertyValues("dagstack.logger.bridge.slf4j.replace-console=false")
        .run(context -> assertThat(consoleAppenders()).containsExactlyElementsOf(consoles));
  }

  @Test
  void disabledBridgeAttachesNothing() {
    runner.withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false").run(context -> {
      assertThat(appenders()).noneMatch(a -> a instanceof DagstackAppender);
      LoggerFactory.getLogger(NAME).warn("not bridged");
      assertThat(recordsOf(context.getBean(InMemorySink.class), NAME)).isEmpty();
    });
  }

  private static List<LogRecord> recordsOf(InMemorySink sink, String scope) {
    return sink.records().stream()
        .filter(record -> record.instrumentationScope().name().equals(scope)).toList();
  }

  private List<Appender<ILoggingEvent>> consoleAppenders() {
    List<Appender<ILoggingEvent>> consoles = new ArrayList<>(appenders());
    consoles.removeIf(appender -> !(appender instanceof ConsoleAppender));
    return consoles;
  }

  private List<Appender<ILoggingEvent>> appenders() {
    List<Appender<ILoggingEvent>> all = new ArrayList<>();
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      all.add(it.next());
    }
    return all;
  }
}
