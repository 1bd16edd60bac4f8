package dev.dagstack.logger.spring.contexts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.spring.autoconfigure.DagstackLogbackBridgeAutoConfiguration;
import dev.dagstack.logger.spring.autoconfigure.DagstackLoggerAutoConfiguration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Several Spring applications in one JVM, as a user starts them (SpringApplication, the parent
 * and child builder): each writes its SLF4J and dagstack records through its own sinks and
 * levels, a start or a close of one loses none of another's, a child context owns its logging.
 */
class MultipleApplicationsTest {

  private static final org.slf4j.Logger WORK = LoggerFactory.getLogger("multi.Work");
  private final List<ConfigurableApplicationContext> started = new java.util.ArrayList<>();

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({DagstackLoggerAutoConfiguration.class,
      DagstackLogbackBridgeAutoConfiguration.class})
  static class App {}

  @AfterEach
  void closeAll() {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private ConfigurableApplicationContext start(String... properties) {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE).logStartupInfo(false)
        .properties("dagstack.logger.sinks.memory.type=in-memory",
            "dagstack.logger.sinks.memory.capacity=100000")
        .properties(properties).run();
    started.add(context);
    return context;
  }

  private static InMemorySink memory(ConfigurableApplicationContext context) {
    return (InMemorySink) context.getBean("dagstack.logger.sinks.memory", Sink.class);
  }

  private static List<String> bodies(InMemorySink sink) {
    return sink.records().stream().map(LogRecord::bodyText).toList();
  }

  @Test
  void eachApplicationsLevelsDecideItsOwnSlf4jRecords() {
    ConfigurableApplicationContext chatty = start("logging.level.multi=debug");
    ConfigurableApplicationContext quiet = start("logging.level.multi=warn");

    try (LoggerProvider.Binding bound = chatty.getBean(LoggerProvider.class).makeCurrent()) {
      WORK.debug("chatty debug");
      WORK.info("chatty info");
    }
    try (LoggerProvider.Binding bound = quiet.getBean(LoggerProvider.class).makeCurrent()) {
      WORK.info("quiet info, below its WARN");
      WORK.warn("quiet warn");
    }

    assertThat(bodies(memory(chatty))).contains("chatty debug", "chatty info")
        .doesNotContain("quiet warn");
    assertThat(bodies(memory(quiet))).contains("quiet warn")
        .doesNotContain("quiet info, below its WARN", "chatty info");
  }

  /** Counts the long-lived application's records without keeping them. */
  static final class CountingSink implements Sink {
    final AtomicInteger longLived = new AtomicInteger();

    @Override
    public String id() {
      return "counting";
    }

    @Override
    public void emit(LogRecord record) {
      if (record.bodyText().startsWith("long-lived ")) {
        longLived.incrementAndGet();
      }
    }

    @Override
    public dev.dagstack.logger.record.FlushResult flush(java.time.Duration timeout) {
      return dev.dagstack.logger.record.FlushResult.ok();
    }

    @Override
    public void close() {}

    @Override
    public boolean supportsSeverity(int severityNumber) {
      return true;
    }
  }

  @Test
  void startingAndClosingAnotherApplicationLosesNoneOfTheFirstsRecords() throws Exception {
    CountingSink counting = new CountingSink();
    ConfigurableApplicationContext longLived = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE).logStartupInfo(false)
        .initializers(context -> context.getBeanFactory()
            .registerSingleton("countingSink", counting))
        .run();
    started.add(longLived);
    LoggerProvider provider = longLived.getBean(LoggerProvider.class);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger emitted = new AtomicInteger();
    // A permit per hundred records emitted: the test waits on these, not in a spin.
    Semaphore hundreds = new Semaphore(0);
    Thread emitter = new Thread(() -> {
      try (LoggerProvider.Binding bound = provider.makeCurrent()) {
        while (!stop.get()) {
          int n = emitted.getAndIncrement();
          WORK.info("long-lived " + n);
          if (n % 100 == 99) {
            hundreds.release();
          }
        }
      }
    });
    emitter.start();
    try {
      // The emitter is inside its loop before the first start, while each other application
      // runs (its logging.level.multi=error set on Logback), and after the last close.
      awaitMoreEmitted(hundreds);
      for (int i = 0; i < 3; i++) {
        ConfigurableApplicationContext other = new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.NONE).logStartupInfo(false)
            .properties("dagstack.logger.sinks.memory.type=in-memory",
                "logging.level.multi=error")
            .run();
        awaitMoreEmitted(hundreds);
        other.close();
      }
      awaitMoreEmitted(hundreds);
    } finally {
      stop.set(true);
      emitter.join();
    }
    assertThat(emitted.get()).isPositive();
    assertThat(counting.longLived.get()).isEqualTo(emitted.get());
  }

  /** Waits (bounded) until the emitter has emitted at least 100 more records than now. */
  private static void awaitMoreEmitted(Semaphore hundreds) throws InterruptedException {
    hundreds.drainPermits();
    // Two hundred-marks passed after now: at least 100 records, whatever was under way.
    assertThat(hundreds.tryAcquire(2, 30, TimeUnit.SECONDS)).as("the emitter emits").isTrue();
  }

  @Test
  void aChildContextOwnsItsLoggingApartFromItsParent() {
    ConfigurableApplicationContext parent = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE).logStartupInfo(false)
        .properties("dagstack.logger.sinks.pmem.type=in-memory").run();
    started.add(parent);
    ConfigurableApplicationContext child = new SpringApplicationBuilder(App.class)
        .parent(parent).web(WebApplicationType.NONE).logStartupInfo(false)
        .properties("dagstack.logger.sinks.cmem.type=in-memory").run();
    InMemorySink parentSink =
        (InMemorySink) parent.getBean("dagstack.logger.sinks.pmem", Sink.class);
    InMemorySink childSink = (InMemorySink) child.getBean("dagstack.logger.sinks.cmem", Sink.class);

    LoggerProvider childProvider = child.getBean(LoggerProvider.class);
    LoggerProvider parentProvider = parent.getBean(LoggerProvider.class);
    assertThat(childProvider).isNotSameAs(parentProvider);
    // The parent's sink beans are visible from the child, but not the child's configuration.
    assertThat(childProvider.configuration().sinks()).contains(childSink)
        .doesNotContain(parentSink);
    childProvider.get("child.work").info("from the child");
    parentProvider.get("parent.work").info("from the parent");
    assertThat(bodies(childSink)).contains("from the child").doesNotContain("from the parent");
    assertThat(bodies(parentSink)).contains("from the parent").doesNotContain("from the child");

    child.close();
    parentProvider.get("parent.work").info("the parent after its child closed");
    assertThat(parentSink.isClosed()).isFalse();
    assertThat(bodies(parentSink)).contains("the parent after its child closed");
  }

  /**
   * Another application starts between the child's logging system and the child's configurer
   * (from the child's initializer, deterministically): the child still takes its own system, not
   * the one that started last, and leaves the other application's level changes alone.
   */
  @Test
  void aChildTakesItsOwnLoggingSystemWhileAnotherApplicationStarts() {
    ConfigurableApplicationContext parent = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE).logStartupInfo(false)
        .properties("dagstack.logger.sinks.pmem.type=in-memory").run();
    started.add(parent);
    ConfigurableApplicationContext[] other = new ConfigurableApplicationContext[1];
    ConfigurableApplicationContext child = new SpringApplicationBuilder(App.class)
        .parent(parent).web(WebApplicationType.NONE).logStartupInfo(false)
        .properties("dagstack.logger.sinks.cmem.type=in-memory", "logging.level.multi.child=debug")
        .initializers(context -> other[0] = start("logging.level.multi.other=error"))
        .run();
    started.add(child);
    LoggerProvider childProvider = child.getBean(LoggerProvider.class);
    LoggerProvider otherProvider = other[0].getBean(LoggerProvider.class);

    assertThat(childProvider.configuration().levels())
        .containsEntry("multi.child", dev.dagstack.logger.record.Severity.DEBUG)
        .doesNotContainKey("multi.other");
    // A level change through the other application's logging system (/actuator/loggers there)
    // reaches that application only.
    other[0].getBean(org.springframework.boot.logging.LoggingSystem.class)
        .setLogLevel("multi.probe", org.springframework.boot.logging.LogLevel.DEBUG);
    assertThat(otherProvider.get("multi.probe").level())
        .isEqualTo(dev.dagstack.logger.record.Severity.DEBUG);
    assertThat(childProvider.get("multi.probe").level())
        .isEqualTo(dev.dagstack.logger.record.Severity.INFO);
  }

  /** Logs through SLF4J when the context starts its lifecycle and when it is destroyed. */
  static final class Lifecycle implements org.springframework.context.SmartLifecycle {
    private final String name;
    private volatile boolean running;

    Lifecycle(String name) {
      this.name = name;
    }

    @Override
    public void start() {
      running = true;
      WORK.info("{} started", name);
    }

    @Override
    public void stop() {
      running = false;
      WORK.info("{} stopping", name);
    }

    @Override
    public boolean isRunning() {
      return running;
    }

    @jakarta.annotation.PreDestroy
    void destroy() {
      WORK.info("{} destroyed", name);
    }
  }

  @Test
  void startupAndShutdownLinesGoToTheirOwnContextWhileAnotherRuns() {
    ConfigurableApplicationContext first = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE).logStartupInfo(false)
        .initializers(c -> c.getBeanFactory().registerSingleton("lifecycle", new Lifecycle("first")))
        .properties("dagstack.logger.sinks.memory.type=in-memory").run();
    started.add(first);
    ConfigurableApplicationContext second = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE).logStartupInfo(false)
        .initializers(c -> c.getBeanFactory().registerSingleton("lifecycle", new Lifecycle("second")))
        .properties("dagstack.logger.sinks.memory.type=in-memory").run();
    started.add(second);
    InMemorySink firstSink = memory(first);
    InMemorySink secondSink = memory(second);

    // The second started last: the first one's shutdown lines still go to the first's sinks.
    first.close();
    assertThat(bodies(firstSink)).contains("first started", "first stopping");
    assertThat(bodies(secondSink)).contains("second started")
        .doesNotContain("first started", "first stopping", "first destroyed");
  }

  @Test
  void aFailedStartLeavesNoSinkThreadBehind(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    // The customizer runs once the sinks are built: the sink's worker thread, seen there, is the
    // one a failed start must not leave behind.
    List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
    org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () ->
        new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).logStartupInfo(false)
            .initializers(c -> c.getBeanFactory().registerSingleton("broken",
                (dev.dagstack.logger.spring.autoconfigure.LoggerConfigurationCustomizer) b -> {
                  Thread.getAllStackTraces().keySet().stream()
                      .filter(thread -> thread.getName().equals("dagstack-sink-leak"))
                      .filter(Thread::isAlive).forEach(workers::add);
                  throw new IllegalArgumentException("broken customizer");
                }))
            .properties("dagstack.logger.sinks.leak.type=file",
                "dagstack.logger.sinks.leak.path=" + dir.resolve("leak.jsonl"))
            .run());
    assertThat(workers).as("the sink's worker ran while the start failed").isNotEmpty();
    for (Thread worker : workers) {
      worker.join(10_000);
      assertThat(worker.isAlive()).as(worker.getName()).isFalse();
    }
  }
}
