package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.context.Taps;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The global loggers follow routes and thread bindings to other providers. */
class ProviderRoutingTest {

  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  private final InMemorySink global = new InMemorySink("global", 100_000, 1);
  private final List<LoggerProvider> providers = new ArrayList<>();

  @AfterEach
  void closeProviders() {
    providers.forEach(LoggerProvider::close);
  }

  private LoggerProvider provider(InMemorySink sink, int level) {
    LoggerProvider provider = LoggerProvider.builder()
        .configuration(LoggerConfiguration.builder().rootLevel(level).sinks(sink).build())
        .build();
    providers.add(provider);
    return provider;
  }

  private static List<String> bodies(InMemorySink sink) {
    return sink.records().stream().map(LogRecord::bodyText).toList();
  }

  @Test
  void aRouteTakesTheGlobalLoggersUntilItIsClosed() {
    Logger.configure(LoggerConfiguration.builder().sinks(global).build());
    InMemorySink app = new InMemorySink("app", 10, 1);
    LoggerProvider provider = provider(app, Severity.DEBUG);
    Logger before = Logger.get("orders");

    try (LoggerProvider.Binding route = provider.routeGlobalLoggers()) {
      before.debug("routed, at the route's level");
      Logger.get("made.while.routed").info("a new logger follows too");
      assertThat(Logger.configuration()).isSameAs(provider.configuration());
      assertThat(before.level()).isEqualTo(Severity.DEBUG);
    }
    before.debug("back to the global INFO: dropped");
    before.info("back to the global sink");

    assertThat(bodies(app)).containsExactly("routed, at the route's level",
        "a new logger follows too");
    assertThat(bodies(global)).containsExactly("back to the global sink");
    assertThat(Logger.configuration().sinks()).containsExactly(global);
  }

  @Test
  void theLatestOpenRouteWinsAndClosingItFallsBackToTheOneBefore() {
    Logger.configure(LoggerConfiguration.builder().sinks(global).build());
    InMemorySink a = new InMemorySink("a", 10, 1);
    InMemorySink b = new InMemorySink("b", 10, 1);
    LoggerProvider.Binding routeA = provider(a, Severity.INFO).routeGlobalLoggers();
    LoggerProvider.Binding routeB = provider(b, Severity.INFO).routeGlobalLoggers();
    Logger logger = Logger.get("x");

    logger.info("to b");
    routeB.close();
    routeB.close();
    logger.info("to a");
    LoggerProvider.Binding routeB2 = providers.get(1).routeGlobalLoggers();
    routeA.close();
    logger.info("to b again: closing an older route keeps the latest");
    routeB2.close();
    logger.info("to global");

    assertThat(bodies(b)).containsExactly("to b",
        "to b again: closing an older route keeps the latest");
    assertThat(bodies(a)).containsExactly("to a");
    assertThat(bodies(global)).containsExactly("to global");
  }

  @Test
  void aRoutedProviderThatReconfiguresOrClosesTakesTheGlobalLoggersAlong() {
    Logger.configure(LoggerConfiguration.builder().sinks(global).build());
    InMemorySink first = new InMemorySink("first", 10, 1);
    InMemorySink second = new InMemorySink("second", 10, 1);
    LoggerProvider provider = provider(first, Severity.INFO);
    provider.routeGlobalLoggers();
    Logger logger = Logger.get("svc");

    logger.debug("below INFO");
    provider.reconfigure(LoggerConfiguration.builder().rootLevel(Severity.DEBUG)
        .sinks(second).build());
    logger.debug("to second at DEBUG");
    provider.close();
    logger.info("the closed provider's route ended with it");

    assertThat(bodies(first)).isEmpty();
    assertThat(bodies(second)).containsExactly("to second at DEBUG");
    assertThat(bodies(global)).containsExactly("the closed provider's route ended with it");
  }

  @Test
  void theGlobalProviderCannotRouteToItself() {
    assertThatThrownBy(() -> LoggerProvider.global().routeGlobalLoggers())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("global provider");
  }

  @Test
  void aThreadBindingWinsOverTheRouteOnItsThreadOnly() throws Exception {
    Logger.configure(LoggerConfiguration.builder().sinks(global).build());
    InMemorySink routed = new InMemorySink("routed", 10, 1);
    InMemorySink bound = new InMemorySink("bound", 10, 1);
    InMemorySink inner = new InMemorySink("inner", 10, 1);
    provider(routed, Severity.INFO).routeGlobalLoggers();
    LoggerProvider boundProvider = provider(bound, Severity.DEBUG);
    Logger logger = Logger.get("req").with(java.util.Map.of("bound.attr", 1));

    try (LoggerProvider.Binding binding = boundProvider.makeCurrent()) {
      logger.debug("bound thread, bound level");
      assertThat(Logger.configuration()).isSameAs(boundProvider.configuration());
      try (LoggerProvider.Binding nested = provider(inner, Severity.INFO).makeCurrent()) {
        logger.info("nested");
      }
      logger.info("back to the outer binding");
      Thread other = new Thread(() -> logger.info("another thread follows the route"));
      other.start();
      other.join();
    }
    logger.info("after the binding: the route");

    assertThat(bodies(bound)).containsExactly("bound thread, bound level",
        "back to the outer binding");
    assertThat(bound.records().get(0).attributes().get("bound.attr")).isEqualTo(1L);
    assertThat(bound.records().get(0).instrumentationScope().name()).isEqualTo("req");
    assertThat(bodies(inner)).containsExactly("nested");
    assertThat(bodies(routed)).containsExactly("another thread follows the route",
        "after the binding: the route");
    assertThat(bodies(global)).isEmpty();
  }

  @Test
  void bindingTheGlobalProviderUnbindsTheThreadUntilClosed() {
    Logger.configure(LoggerConfiguration.builder().sinks(global).build());
    InMemorySink bound = new InMemorySink("bound", 10, 1);
    LoggerProvider provider = provider(bound, Severity.INFO);
    assertThat(LoggerProvider.current()).isNull();
    try (LoggerProvider.Binding outer = provider.makeCurrent()) {
      assertThat(LoggerProvider.current()).isSameAs(provider);
      try (LoggerProvider.Binding none = LoggerProvider.global().makeCurrent()) {
        assertThat(LoggerProvider.current()).isNull();
        Logger.get("t").info("unbound inside");
      }
      assertThat(LoggerProvider.current()).isSameAs(provider);
      Logger.get("t").info("bound again");
    }
    assertThat(LoggerProvider.current()).isNull();
    assertThat(bodies(bound)).containsExactly("bound again");
    assertThat(bodies(global)).containsExactly("unbound inside");
  }

  @Test
  void aBindingClosedOnAnotherThreadStaysOpenAndIsReported() throws Exception {
    Logger.configure(LoggerConfiguration.builder().sinks(global).build());
    InMemorySink bound = new InMemorySink("bound", 10, 1);
    LoggerProvider.Binding binding = provider(bound, Severity.INFO).makeCurrent();
    try {
      Thread other = new Thread(binding::close);
      other.start();
      other.join();
      Logger.get("t").info("still bound");
      assertThat(bodies(bound)).containsExactly("still bound");
      assertThat(diagnostics.messages()).anyMatch(m -> m.contains("stays open"));
    } finally {
      binding.close();
    }
    Logger.get("t").info("unbound");
    assertThat(bodies(global)).containsExactly("unbound");
  }

  @Test
  void tapsSelectByThreadOrByOwner() throws Exception {
    Logger.configure(LoggerConfiguration.builder().sinks(global).build());
    LoggerProvider app = provider(new InMemorySink("app", 10, 1), Severity.INFO);
    InMemorySink byThread = new InMemorySink("by-thread", 10, 1);
    InMemorySink byOwner = new InMemorySink("by-owner", 10, 1);
    Taps.add(byThread, Thread.currentThread(), null);
    Taps.add(byOwner, null, app);
    try {
      Logger.get("g").info("global, this thread");
      app.get("a").info("app, this thread");
      Thread other = new Thread(() -> {
        Logger.get("g").info("global, other thread");
        app.get("a").info("app, other thread");
      });
      other.start();
      other.join();
    } finally {
      Taps.remove(byThread);
      Taps.remove(byOwner);
    }
    assertThat(Taps.current(null)).isEmpty();
    assertThat(bodies(byThread)).containsExactly("global, this thread", "app, this thread");
    // A tap of an owner alone (the log viewer's) takes all of the owner's records.
    assertThat(bodies(byOwner)).containsExactly("app, this thread", "app, other thread");
  }

  @Test
  void aClaimedThreadKeepsItsRecordsFromOtherThreadsOwnerScopedTaps() throws Exception {
    LoggerProvider app = provider(new InMemorySink("app", 10, 1), Severity.INFO);
    InMemorySink capture = new InMemorySink("capture", 10, 1);
    Taps.add(capture, Thread.currentThread(), app);
    try {
      Thread otherTest = new Thread(() -> {
        Taps.claimThread(Thread.currentThread());
        try {
          app.get("a").info("another test's record");
        } finally {
          Taps.releaseThread(Thread.currentThread());
        }
        app.get("a").info("a server thread's record");
      });
      otherTest.start();
      otherTest.join();
    } finally {
      Taps.remove(capture);
    }
    assertThat(bodies(capture)).containsExactly("a server thread's record");
    assertThat(Taps.current(app)).isEmpty();
  }

  @Test
  void aBoundThreadWritesToItsProviderWhileRoutesSwitchToAndFromIt() throws Exception {
    Logger.configure(LoggerConfiguration.builder().sinks(global).build());
    InMemorySink mine = new InMemorySink("mine", 100_000, 1);
    InMemorySink other = new InMemorySink("other", 100_000, 1);
    LoggerProvider bound = provider(mine, Severity.INFO);
    LoggerProvider elsewhere = provider(other, Severity.INFO);
    int records = 20_000;
    // Halfway through, the emitter waits until the routes have switched a few times; the
    // switching goes on until the emitter is done: its second half runs while routes switch,
    // however the threads are scheduled.
    CountDownLatch switching = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean waited = new java.util.concurrent.atomic.AtomicBoolean();
    Thread emitter = new Thread(() -> {
      try (LoggerProvider.Binding binding = bound.makeCurrent()) {
        for (int i = 0; i < records; i++) {
          if (i == records / 2) {
            waited.set(switching.await(30, TimeUnit.SECONDS));
          }
          Logger.get("req").info("r" + i);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    emitter.start();
    int switches = 0;
    while (emitter.isAlive()) {
      // The route points at the bound provider, then away from it, again and again.
      LoggerProvider.Binding toBound = bound.routeGlobalLoggers();
      LoggerProvider.Binding away = elsewhere.routeGlobalLoggers();
      away.close();
      toBound.close();
      if (++switches == 10) {
        switching.countDown();
      }
    }
    emitter.join();
    assertThat(waited).as("the emitter's second half ran while the routes switched").isTrue();
    assertThat(switches).isGreaterThanOrEqualTo(10);
    assertThat(mine.records()).hasSize(records);
    assertThat(other.records()).isEmpty();
    assertThat(global.records()).isEmpty();
  }

  @Test
  void routesOpeningAndClosingUnderLoadLoseNoRecordAndDeliverNoneTwice() throws Exception {
    Logger.configure(LoggerConfiguration.builder().sinks(global).build());
    InMemorySink a = new InMemorySink("a", 100_000, 1);
    InMemorySink b = new InMemorySink("b", 100_000, 1);
    LoggerProvider pa = provider(a, Severity.INFO);
    LoggerProvider pb = provider(b, Severity.INFO);
    int threads = 3;
    int perThread = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch started = new CountDownLatch(threads);
    // Halfway through, each emitter waits for some switches: emits and switches overlap however
    // fast either side runs.
    CountDownLatch switched = new CountDownLatch(1);
    List<Future<?>> emitters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      emitters.add(pool.submit(() -> {
        started.countDown();
        for (int i = 0; i < perThread; i++) {
          if (i == perThread / 2) {
            switched.await();
          }
          Logger.get("load." + (i % 7)).info("r" + id + "-" + i);
        }
        return null;
      }));
    }
    started.await();
    int switches = 0;
    while (!emitters.stream().allMatch(Future::isDone)) {
      LoggerProvider.Binding first = pa.routeGlobalLoggers();
      LoggerProvider.Binding second = pb.routeGlobalLoggers();
      first.close();
      second.close();
      if (++switches == 10) {
        switched.countDown();
      }
    }
    for (Future<?> f : emitters) {
      f.get(1, TimeUnit.MINUTES);
    }
    pool.shutdown();

    java.util.Set<String> distinct = new java.util.HashSet<>();
    distinct.addAll(bodies(a));
    distinct.addAll(bodies(b));
    distinct.addAll(bodies(global));
    int total = a.records().size() + b.records().size() + global.records().size();
    assertThat(total).isEqualTo(threads * perThread);
    assertThat(distinct).hasSize(threads * perThread);
    assertThat(switches).isPositive();
  }
}
