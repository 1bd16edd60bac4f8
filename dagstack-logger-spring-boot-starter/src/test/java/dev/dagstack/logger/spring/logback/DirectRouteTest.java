package dev.dagstack.logger.spring.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.turbo.MarkerFilter;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.spi.BasicSequenceNumberGenerator;
import ch.qos.logback.core.spi.FilterReply;
import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;
import org.slf4j.spi.LocationAwareLogger;

/**
 * The bridge's direct route (its turbo filter writes the record before Logback makes an event)
 * against the appender's route, on the real Logback: the same records for every shape of SLF4J
 * call, and Logback's way whenever anything besides the bridge's appender would see the event.
 * Whether Logback made an event is read from its sequence-number generator, which every
 * {@code LoggingEvent} asks once.
 */
class DirectRouteTest {

  private static final String NAME = "com.example.direct.Service";

  private final LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final ch.qos.logback.classic.Logger root =
      logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final org.slf4j.Logger slf4j = LoggerFactory.getLogger(NAME);
  private final InMemorySink sink = new InMemorySink(1000);
  private final AtomicLong events = new AtomicLong();
  private final LogbackBridge bridge = new LogbackBridge(true, Map.of("", Severity.DEBUG));

  /** Another appender, which makes Logback take its usual way. */
  private final AppenderBase<ILoggingEvent> other = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      seen.add(event.getFormattedMessage());
    }
  };
  private final List<String> seen = new ArrayList<>();

  @BeforeEach
  void install() {
    Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.DEBUG).sinks(sink).build());
    bridge.install();
    logback.setSequenceNumberGenerator(new BasicSequenceNumberGenerator() {
      @Override
      public long nextSequenceNumber() {
        return events.incrementAndGet();
      }
    });
    other.setContext(logback);
    other.setName("other");
    other.start();
  }

  @AfterEach
  void uninstall() {
    logback.setSequenceNumberGenerator(null);
    root.detachAppender(other);
    logback.getLogger("com.example").detachAppender(other);
    logback.getLogger(NAME).detachAppender(other);
    logback.getLogger("com.example.direct").setAdditive(true);
    bridge.uninstall();
    Logger.reset();
  }

  /** Every shape of call the bridge sees, each with a distinct body. */
  private static final Map<String, Consumer<org.slf4j.Logger>> CALLS = calls();

  private static Map<String, Consumer<org.slf4j.Logger>> calls() {
    IllegalStateException failure = new IllegalStateException("boom", new RuntimeException("cause"));
    IllegalArgumentException second = new IllegalArgumentException("second");
    Map<String, Consumer<org.slf4j.Logger>> calls = new LinkedHashMap<>();
    calls.put("plain", log -> log.info("plain"));
    calls.put("one", log -> log.info("one {}", 1));
    calls.put("two", log -> log.warn("two {} {}", "a", 2.5));
    calls.put("three", log -> log.error("three {} {} {}", 'c', null, List.of(1, 2)));
    calls.put("debug", log -> log.debug("debug {}", "enabled"));
    calls.put("exception as the last argument", log ->
        log.error("exception as the last argument {}", "x", failure));
    calls.put("exception alone", log -> log.error("exception alone", failure));
    calls.put("exception for a placeholder", log ->
        log.error("exception for a placeholder {}", failure));
    calls.put("two exceptions", log -> log.error("two exceptions {} {}", failure, second));
    calls.put("marker", log -> log.warn(MarkerFactory.getMarker("AUDIT"), "marker {}", 1));
    calls.put("commons-logging", log -> ((LocationAwareLogger) log).log(
        MarkerFactory.getMarker("COMMONS-LOGGING"), "org.apache.commons.logging.Log",
        LocationAwareLogger.INFO_INT, "commons-logging", null, failure));
    calls.put("a throwing toString", log -> log.info("a throwing toString {}", new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("no text");
      }
    }));
    calls.put("a toString that logs", log -> log.info("a toString that logs {}", new Object() {
      @Override
      public String toString() {
        LoggerFactory.getLogger(NAME).info("nested: dropped on either route");
        return "text";
      }
    }));
    calls.put("fluent", log -> log.atInfo().addMarker(MarkerFactory.getMarker("BILLING"))
        .addKeyValue("order.id", 42).addKeyValue("user_token", "s3cr3t")
        .addKeyValue("exception.message", "call site wins").setCause(failure)
        .log("fluent {}", "arg"));
    calls.put("fluent, exception as the last argument", log -> log.atWarn()
        .log("fluent, exception as the last argument {}", "x", failure));
    calls.put("fluent without arguments", log -> log.atDebug().log("fluent without arguments"));
    return calls;
  }

  @Test
  void everyShapeOfCallGivesTheRecordTheAppenderGivesWithoutALogbackEvent() {
    MDC.put("tenant.id", "t-1");
    MDC.put("session_token", "s3cr3t");
    try {
      CALLS.values().forEach(call -> call.accept(slf4j));
      List<LogRecord> direct = takeRecords();
      assertThat(events).as("LoggingEvents Logback made").hasValue(0);

      root.addAppender(other);
      CALLS.values().forEach(call -> call.accept(slf4j));
      List<LogRecord> viaAppender = takeRecords();
      assertThat(events).hasValue(CALLS.size() + 1);  // the nested call's event too

      assertThat(direct).hasSize(CALLS.size());
      assertThat(direct).extracting(LogRecord::body)
          .isEqualTo(viaAppender.stream().map(LogRecord::body).toList());
      for (int i = 0; i < direct.size(); i++) {
        LogRecord a = direct.get(i);
        LogRecord b = viaAppender.get(i);
        assertThat(a.severityNumber()).as(String.valueOf(a.body())).isEqualTo(b.severityNumber());
        assertThat(a.instrumentationScope()).isEqualTo(b.instrumentationScope());
        assertThat(a.attributes()).as(String.valueOf(a.body())).isEqualTo(b.attributes());
      }
    } finally {
      MDC.clear();
    }
    Map<String, LogRecord> byBody = new LinkedHashMap<>();
    // What the shared record rules give (checked once, on the direct route's records).
    CALLS.values().forEach(call -> call.accept(LoggerFactory.getLogger("com.example.shape")));
    takeRecords().forEach(record -> byBody.put(String.valueOf(record.body()), record));
    assertThat(byBody).containsKeys("plain", "one 1", "two a 2.5", "three c null [1, 2]",
        "debug enabled", "exception as the last argument x", "exception alone",
        "exception for a placeholder {}", "marker 1", "commons-logging",
        "a throwing toString [FAILED toString()]", "a toString that logs text", "fluent arg",
        "fluent, exception as the last argument x", "fluent without arguments");
    assertThat(byBody.get("exception for a placeholder {}").attributes())
        .containsEntry("exception.message", "boom");
    assertThat(byBody.get("fluent arg").attributes())
        .containsEntry("order.id", 42L).containsEntry("user_token", "***")
        .containsEntry("exception.message", "call site wins")
        .containsEntry(DagstackAppender.MARKER, List.of("BILLING"));
    assertThat(byBody.get("commons-logging").attributes())
        .doesNotContainKey(DagstackAppender.MARKER)
        .containsEntry("exception.type", IllegalStateException.class.getName());
  }

  @Test
  void anotherAppenderOnTheLoggerOrAnAncestorGetsEveryEventAndTheRecordIsWrittenOnce() {
    for (ch.qos.logback.classic.Logger holder : List.of(root, logback.getLogger("com.example"),
        logback.getLogger(NAME))) {
      holder.addAppender(other);
      slf4j.info("seen by {}", holder.getName());
      slf4j.atInfo().log("fluent, seen by {}", holder.getName());
      holder.detachAppender(other);
    }
    assertThat(seen).containsExactly("seen by ROOT", "fluent, seen by ROOT",
        "seen by com.example", "fluent, seen by com.example", "seen by " + NAME,
        "fluent, seen by " + NAME);
    assertThat(takeRecords()).extracting(LogRecord::body).containsExactlyElementsOf(seen);
    assertThat(events).hasValue(6);
  }

  @Test
  void aLoggerThatDoesNotReachTheBridgeWritesNothingDirectly() {
    logback.getLogger("com.example.direct").setAdditive(false);
    slf4j.info("reaches no appender");
    slf4j.atInfo().log("fluent, reaches no appender");
    assertThat(takeRecords()).isEmpty();
    assertThat(events).hasValue(2);
  }

  @Test
  void turboFiltersAfterTheBridgesAreAskedOnceEachAndStillDecide() {
    MarkerFilter skip = new MarkerFilter();
    skip.setMarker("SKIP");
    skip.setOnMatch("DENY");
    CountingTurboFilter counting = new CountingTurboFilter();
    for (TurboFilter filter : List.of(skip, counting)) {
      filter.setContext(logback);
      filter.start();
      logback.addTurboFilter(filter);
    }
    try {
      slf4j.info(MarkerFactory.getMarker("SKIP"), "denied by the later filter");
      slf4j.info("written {}", 1);
      slf4j.atInfo().addMarker(MarkerFactory.getMarker("SKIP")).log("fluent, denied");
      slf4j.atInfo().log("fluent, written");
      assertThat(slf4j.isInfoEnabled()).isTrue();

      assertThat(takeRecords()).extracting(LogRecord::body)
          .containsExactly("written 1", "fluent, written");
      // Asked once per call with a message (as a counting filter such as Micrometer's would be),
      // also where the bridge wrote the record without an event.
      assertThat(counting.messages).containsExactly("written {}", "fluent, written");
      assertThat(events).hasValue(0);
    } finally {
      logback.getTurboFilterList().removeAll(List.of(skip, counting));
    }
  }

  @Test
  void whereTheDagstackLevelsDecideALaterTurboFilterStillDenies() {
    // Several application contexts: the bridge's filter answers ACCEPT for an enabled call,
    // which ends Logback's chain; the filters after it are asked first.
    MarkerFilter skip = new MarkerFilter();
    skip.setMarker("SKIP");
    skip.setOnMatch("DENY");
    skip.setContext(logback);
    skip.start();
    logback.addTurboFilter(skip);
    ScopeThresholdTurboFilter.perContextLevels(true);
    try {
      slf4j.info(MarkerFactory.getMarker("SKIP"), "denied by the later filter");
      slf4j.info("written");
      slf4j.trace("below the dagstack level");
      root.addAppender(other);
      slf4j.info(MarkerFactory.getMarker("SKIP"), "denied on Logback's way too");
      slf4j.info("written on Logback's way");
      assertThat(takeRecords()).extracting(LogRecord::body)
          .containsExactly("written", "written on Logback's way");
      assertThat(seen).containsExactly("written on Logback's way");
    } finally {
      ScopeThresholdTurboFilter.perContextLevels(false);
      logback.getTurboFilterList().remove(skip);
    }
  }

  @Test
  void whereTheDagstackLevelsDenyALaterTurboFilterMayStillAccept() {
    // As with Logback's own levels: a later filter's ACCEPT lets a call below the level through
    // to Logback's appenders (the dagstack level still decides what the dagstack sinks get).
    MarkerFilter force = new MarkerFilter();
    force.setMarker("FORCE");
    force.setOnMatch("ACCEPT");
    force.setContext(logback);
    force.start();
    logback.addTurboFilter(force);
    logback.getLogger(NAME).addAppender(other);
    ScopeThresholdTurboFilter.perContextLevels(true);
    try {
      slf4j.trace(MarkerFactory.getMarker("FORCE"), "forced trace");
      slf4j.trace("plain trace");
      assertThat(seen).containsExactly("forced trace");
      assertThat(takeRecords()).isEmpty();
    } finally {
      ScopeThresholdTurboFilter.perContextLevels(false);
      logback.getTurboFilterList().remove(force);
    }
  }

  @Test
  void aFilterOnTheBridgesAppenderIsAppliedOnLogbacksWay() {
    DagstackAppender bridgeAppender = (DagstackAppender) root.getAppender(DagstackAppender.NAME);
    ThresholdFilter warn = new ThresholdFilter();
    warn.setLevel("WARN");
    warn.start();
    bridgeAppender.addFilter(warn);
    try {
      slf4j.info("filtered out");
      slf4j.warn("written");
      assertThat(takeRecords()).extracting(LogRecord::body).containsExactly("written");
      assertThat(events).hasValue(2);
    } finally {
      bridgeAppender.clearAllFilters();
    }
    slf4j.info("direct again");
    assertThat(takeRecords()).extracting(LogRecord::body).containsExactly("direct again");
    assertThat(events).hasValue(2);
  }

  /** Counts the calls with a message it is asked about. */
  static final class CountingTurboFilter extends TurboFilter {
    final List<String> messages = new ArrayList<>();

    @Override
    public FilterReply decide(Marker marker, ch.qos.logback.classic.Logger logger, Level level,
        String format, Object[] params, Throwable t) {
      if (format != null) {
        messages.add(format);
      }
      return FilterReply.NEUTRAL;
    }
  }

  @Test
  void levelQuestionsAndDisabledCallsAreLogbacksAsBefore() {
    logback.getLogger(NAME).setLevel(Level.WARN);
    try {
      assertThat(slf4j.isInfoEnabled()).isFalse();
      assertThat(slf4j.isWarnEnabled()).isTrue();
      slf4j.info("disabled {}", 1);
      slf4j.atInfo().log("disabled too");
      slf4j.warn("enabled {}", 1);
      assertThat(takeRecords()).extracting(LogRecord::body).containsExactly("enabled 1");
      assertThat(events).hasValue(0);
    } finally {
      logback.getLogger(NAME).setLevel(null);
    }
  }

  @Test
  void aThreadWithoutANameIsNamedByLogback() {
    CompletableFuture.runAsync(() -> {
      Thread.currentThread().setName("");
      slf4j.info("from an unnamed thread");
    }, runnable -> {
      Thread thread = new Thread(runnable);
      thread.start();
    }).join();
    LogRecord record = takeRecords().get(0);
    assertThat((String) record.attributes().get(DagstackAppender.THREAD_NAME)).startsWith("unnamed-");
    assertThat(events).hasValue(1);
  }

  @Test
  void theDirectRouteIsOffAfterUninstallAndOnAgainAfterReinstall() {
    bridge.uninstall();
    root.addAppender(other);
    slf4j.info("not bridged");
    root.detachAppender(other);
    bridge.install();
    slf4j.info("bridged directly");
    assertThat(seen).containsExactly("not bridged");
    assertThat(takeRecords()).extracting(LogRecord::body).containsExactly("bridged directly");
    assertThat(events).hasValue(1);
  }

  private List<LogRecord> takeRecords() {
    List<LogRecord> records = sink.records().stream()
        .filter(record -> !record.instrumentationScope().name().startsWith("dagstack")).toList();
    sink.clear();
    return records;
  }
}
