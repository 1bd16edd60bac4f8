package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.context.LoggingScope;
import dev.dagstack.logger.context.ScopeSnapshot;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code scopeSinks}, {@link LoggingScope} and {@link ScopeSnapshot}: per execution context. */
class ScopeTest {

  private final InMemorySink global = new InMemorySink(1000);
  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  @BeforeEach
  void setUp() {
    Logger.configure(LoggerConfiguration.builder().sinks(global).build());
  }

  private static List<Object> bodies(InMemorySink sink) {
    return sink.records().stream().map(LogRecord::body).map(Object.class::cast).toList();
  }

  @Test
  void scopeSinksRedirectsLoggerGetAndInheritingDescendantsThenRestores() {
    InMemorySink scoped = new InMemorySink(100);
    Logger logger = Logger.get("test_module");
    try (Logger.SinkScope ignored = logger.scopeSinks(List.of(scoped))) {
      logger.info("through the handle");
      Logger.get("test_module").info("through Logger.get");
      Logger.get("test_module.child.grandchild").info("through a descendant");
      Logger.get("other_module").info("unrelated");
    }
    logger.info("after the scope");

    assertThat(bodies(scoped))
        .containsExactly("through the handle", "through Logger.get", "through a descendant");
    assertThat(bodies(global)).containsExactly("unrelated", "after the scope");
  }

  @Test
  void descendantsWithTheirOwnSinksAreNotScoped() {
    InMemorySink own = new InMemorySink(10);
    InMemorySink scoped = new InMemorySink(10);
    Logger.configure(LoggerConfiguration.builder()
        .sinks(global).sinks("app.audit", List.of(own)).build());
    Logger.get("app").scopeSinks(List.of(scoped), () -> {
      Logger.get("app.audit.login").info("own sinks");
      Logger.get("app.web").info("inherits app");
    });
    assertThat(bodies(own)).containsExactly("own sinks");
    assertThat(bodies(scoped)).containsExactly("inherits app");
  }

  @Test
  void callbackFormsRestoreAlsoWhenTheBlockThrows() {
    InMemorySink scoped = new InMemorySink(10);
    Logger logger = Logger.get("test_module");
    assertThatThrownBy(() -> logger.scopeSinks(List.of(scoped), (Runnable) () -> {
      logger.info("inside");
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    String result = logger.scopeSinks(List.of(scoped), () -> {
      logger.info("inside supplier");
      return "done";
    });
    logger.info("outside");

    assertThat(result).isEqualTo("done");
    assertThat(bodies(scoped)).containsExactly("inside", "inside supplier");
    assertThat(bodies(global)).containsExactly("outside");
  }

  @Test
  void nestedScopesRestoreInOrderAndTheInnermostWins() {
    InMemorySink outer = new InMemorySink(10);
    InMemorySink inner = new InMemorySink(10);
    InMemorySink child = new InMemorySink(10);
    Logger logger = Logger.get("svc");
    try (Logger.SinkScope a = logger.scopeSinks(List.of(outer))) {
      logger.info("1 outer");
      try (Logger.SinkScope b = logger.scopeSinks(List.of(inner))) {
        logger.info("2 inner");
        try (Logger.SinkScope c = Logger.get("svc.db").scopeSinks(List.of(child))) {
          Logger.get("svc.db.pool").info("3 nearest scoped ancestor");
          logger.info("4 still inner");
        }
      }
      logger.info("5 outer again");
    }
    assertThat(bodies(outer)).containsExactly("1 outer", "5 outer again");
    assertThat(bodies(inner)).containsExactly("2 inner", "4 still inner");
    assertThat(bodies(child)).containsExactly("3 nearest scoped ancestor");
    assertThat(global.records()).isEmpty();
  }

  @Test
  void closingOutOfOrderKeepsTheOtherScopesAndIsReported() {
    InMemorySink first = new InMemorySink(10);
    InMemorySink second = new InMemorySink(10);
    Logger logger = Logger.get("svc");
    Logger.SinkScope a = logger.scopeSinks(List.of(first));
    Logger.SinkScope b = logger.scopeSinks(List.of(second));
    a.close();
    logger.info("b still open");
    b.close();
    b.close();
    logger.info("all closed");
    assertThat(bodies(second)).containsExactly("b still open");
    assertThat(first.records()).isEmpty();
    assertThat(bodies(global)).containsExactly("all closed");
    assertThat(diagnostics.messages()).anyMatch(m -> m.contains("closed out of order"));
  }

  @Test
  void twoThreadsScopingTheSameLoggerNeverSeeEachOthersRecords() throws Exception {
    int rounds = 200;
    CyclicBarrier barrier = new CyclicBarrier(2);
    InMemorySink sinkA = new InMemorySink(10_000);
    InMemorySink sinkB = new InMemorySink(10_000);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> a = pool.submit(() -> scopeAndEmit("A", sinkA, barrier, rounds));
      Future<?> b = pool.submit(() -> scopeAndEmit("B", sinkB, barrier, rounds));
      a.get(30, TimeUnit.SECONDS);
      b.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(sinkA.records()).hasSize(rounds * 2)
        .allSatisfy(r -> assertThat(r.attributes().get("thread")).isEqualTo("A"));
    assertThat(sinkB.records()).hasSize(rounds * 2)
        .allSatisfy(r -> assertThat(r.attributes().get("thread")).isEqualTo("B"));
    assertThat(global.records()).isEmpty();
  }

  private static Void scopeAndEmit(String thread, InMemorySink sink, CyclicBarrier barrier,
      int rounds) throws Exception {
    Logger logger = Logger.get("shared.service");
    for (int i = 0; i < rounds; i++) {
      try (Logger.SinkScope ignored = logger.scopeSinks(List.of(sink))) {
        barrier.await(10, TimeUnit.SECONDS); // both scopes are open at this point
        logger.info("via handle", Attrs.of("thread", thread));
        Logger.get("shared.service.child").info("via descendant", Attrs.of("thread", thread));
        barrier.await(10, TimeUnit.SECONDS); // neither closes before both emitted
      }
    }
    return null;
  }

  @Test
  void aSnapshotCarriesTheScopeToAnotherThread() throws Exception {
    InMemorySink scoped = new InMemorySink(10);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Logger logger = Logger.get("async.job");
      Future<?> done;
      try (Logger.SinkScope ignored = logger.scopeSinks(List.of(scoped));
          LoggingScope request = LoggingScope.builder()
              .attributes(Attrs.of("request.id", "req-1")).open()) {
        ScopeSnapshot snapshot = ScopeSnapshot.capture();
        assertThat(snapshot.isEmpty()).isFalse();
        done = pool.submit(() -> {
          try (ScopeSnapshot.Restore restore = snapshot.makeCurrent()) {
            Logger.get("async.job").info("on the worker");
          }
          Logger.get("async.job").info("worker after restore");
        });
        done.get(10, TimeUnit.SECONDS);
      }
      // The worker's own state came back (empty), and so did the submitter's.
      pool.submit(() -> Logger.get("async.job").info("later task")).get(10, TimeUnit.SECONDS);
      logger.info("submitter after scope");
    } finally {
      pool.shutdownNow();
    }
    assertThat(bodies(scoped)).containsExactly("on the worker");
    assertThat(scoped.records().get(0).attributes()).containsEntry("request.id", "req-1");
    assertThat(bodies(global))
        .containsExactly("worker after restore", "later task", "submitter after scope");
    assertThat(global.records()).allSatisfy(r -> assertThat(r.attributes()).isEmpty());
  }

  @Test
  void aScopeClosedFromAnotherThreadStopsApplyingOnItsOwnThread() throws Exception {
    InMemorySink scoped = new InMemorySink(10);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      // Opened on the pool thread, as an async request's scope is, and closed elsewhere.
      Logger.SinkScope sinkScope = pool.submit(
          () -> Logger.get("async.job").scopeSinks(List.of(scoped))).get(10, TimeUnit.SECONDS);
      LoggingScope debugScope = pool.submit(() -> LoggingScope.builder()
          .threshold(Severity.DEBUG).attributes(Attrs.of("request.id", "req-1")).open())
          .get(10, TimeUnit.SECONDS);
      pool.submit(() -> Logger.get("async.job").debug("inside both scopes"))
          .get(10, TimeUnit.SECONDS);

      sinkScope.close();
      debugScope.close();

      pool.submit(() -> Logger.get("async.job").debug("debug after close"))
          .get(10, TimeUnit.SECONDS);
      pool.submit(() -> Logger.get("async.job").info("next task")).get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(bodies(scoped)).containsExactly("inside both scopes");
    assertThat(bodies(global)).containsExactly("next task");
    assertThat(global.records().get(0).attributes()).isEmpty();
    assertThat(Logger.get("async.job").isEnabled(Severity.DEBUG)).isFalse();
  }

  @Test
  void anEmptySnapshotClearsTheWorkersScopesWhileInstalled() {
    InMemorySink scoped = new InMemorySink(10);
    ScopeSnapshot empty = ScopeSnapshot.capture();
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty).isSameAs(ScopeSnapshot.empty());
    Logger logger = Logger.get("svc");
    try (Logger.SinkScope ignored = logger.scopeSinks(List.of(scoped))) {
      try (ScopeSnapshot.Restore restore = empty.makeCurrent()) {
        logger.info("unscoped");
      }
      logger.info("scoped again");
    }
    assertThat(bodies(global)).containsExactly("unscoped");
    assertThat(bodies(scoped)).containsExactly("scoped again");
  }

  @Test
  void loggingScopeAddsAttributesBelowCallSiteAndBoundOnes() {
    Logger logger = Logger.get("web").with(Attrs.of("bound", "b", "shared", "bound"));
    try (LoggingScope outer = LoggingScope.builder()
        .attributes(Attrs.of("request.id", "r1", "shared", "scope", "level", "outer")).open();
        LoggingScope inner = LoggingScope.builder().attributes(Attrs.of("level", "inner")).open()) {
      logger.info("x", Attrs.of("call", "c"));
    }
    logger.info("after");
    assertThat(global.records().get(0).attributes())
        .containsEntry("request.id", "r1")
        .containsEntry("shared", "bound")
        .containsEntry("level", "inner")
        .containsEntry("call", "c")
        .containsEntry("bound", "b");
    assertThat(global.records().get(1).attributes()).doesNotContainKeys("request.id", "level");
  }

  @Test
  void loggingScopeLowersTheThresholdForThisContextOnlyAndAppendsSinks() throws Exception {
    InMemorySink debugSink = new InMemorySink(10);
    Logger logger = Logger.get("web.api");
    logger.debug("before: below INFO");
    try (LoggingScope debug = LoggingScope.builder()
        .threshold(Severity.DEBUG).appendSinks(List.of(debugSink)).open()) {
      assertThat(logger.isEnabled(Severity.DEBUG)).isTrue();
      logger.debug("debug inside");
      logger.trace("trace still below the scope's threshold");
      // Another thread is not affected.
      boolean[] debugEnabledElsewhere = {true};
      Thread other = new Thread(() -> {
        debugEnabledElsewhere[0] = Logger.get("web.api").isEnabled(Severity.DEBUG);
        Logger.get("web.api").debug("other thread");
        Logger.get("web.api").info("other thread info");
      });
      other.start();
      other.join();
      assertThat(debugEnabledElsewhere[0]).isFalse();
      logger.withSinks(List.of()).info("replaced sinks get no scope sinks");
    }
    logger.debug("after: below INFO again");
    assertThat(logger.isEnabled(Severity.DEBUG)).isFalse();
    assertThat(bodies(global)).containsExactly("debug inside", "other thread info");
    assertThat(bodies(debugSink)).containsExactly("debug inside");
  }

  @Test
  void loggingScopeRejectsAnInvalidThresholdAndClosesIdempotently() {
    assertThatThrownBy(() -> LoggingScope.builder().threshold(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    LoggingScope scope = LoggingScope.builder().attributes(Attrs.of("a", 1)).open();
    scope.close();
    scope.close();
    Logger.get("x").info("after");
    assertThat(global.records().get(0).attributes()).isEmpty();
    assertThat(diagnostics.messages()).isEmpty();
  }

  @Test
  void resetForgetsTheCallingThreadsScopes() {
    InMemorySink scoped = new InMemorySink(10);
    Logger.get("svc").scopeSinks(List.of(scoped));
    Logger.reset();
    InMemorySink fresh = new InMemorySink(10);
    Logger.configure(LoggerConfiguration.builder().sinks(fresh).build());
    Logger.get("svc").info("unscoped");
    assertThat(bodies(fresh)).containsExactly("unscoped");
    assertThat(scoped.records()).isEmpty();
  }
}
