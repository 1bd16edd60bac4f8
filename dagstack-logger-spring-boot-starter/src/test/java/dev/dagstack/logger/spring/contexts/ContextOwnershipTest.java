package dev.dagstack.logger.spring.contexts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.sink.InMemorySink;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Application contexts own their logging, as Spring's test-context cache uses them: the
 * four-test scenario of {@link CachedContextScenario} run in order, then with JUnit's parallel
 * execution of classes, through the real JUnit launcher and Spring's test framework.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContextOwnershipTest {

  private static final Class<?>[] SCENARIO = {CachedContextScenario.A.class,
      CachedContextScenario.B.class, CachedContextScenario.C.class, CachedContextScenario.D.class};

  @AfterAll
  static void closeTheScenarioContexts() {
    // Spring's cache would keep them until the JVM ends, routing the global loggers of the
    // test classes that run after this one.
    Set<ConfigurableApplicationContext> contexts = Set.copyOf(
        CachedContextScenario.CONTEXTS.values());
    contexts.forEach(ConfigurableApplicationContext::close);
  }

  private static Events run(boolean parallel) {
    CachedContextScenario.SINKS.clear();
    EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter")
        .selectors(java.util.Arrays.stream(SCENARIO).map(c -> selectClass(c))
            .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
        .configurationParameter("junit.jupiter.testclass.order.default",
            "org.junit.jupiter.api.ClassOrderer$DisplayName");
    if (parallel) {
      builder.configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
          .configurationParameter("junit.jupiter.execution.parallel.mode.default", "same_thread")
          .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default",
              "concurrent")
          .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
          .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism",
              "4");
    }
    return builder.execute().testEvents();
  }

  private static Set<Object> whoIn(InMemorySink sink) {
    return sink.records().stream().map(r -> r.attributes().get("who"))
        .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
  }

  private static void assertOwnership(Events events) {
    events.assertStatistics(stats -> stats.started(4).succeeded(4).failed(0));
    InMemorySink a = CachedContextScenario.SINKS.get("a");
    // A, C and D ran on one cached context; B on a second one.
    assertThat(CachedContextScenario.SINKS.get("c")).isSameAs(a);
    assertThat(CachedContextScenario.SINKS.get("d")).isSameAs(a);
    InMemorySink b = CachedContextScenario.SINKS.get("b");
    assertThat(b).isNotSameAs(a);
    assertThat(whoIn(a)).containsExactlyInAnyOrder("a", "c", "d");
    assertThat(whoIn(b)).containsExactly("b");
    // B's context wrote its own records, and only records of its own test.
    assertThat(b.records()).isNotEmpty().allSatisfy(r ->
        assertThat(r.attributes().get("who")).isIn("b", null));
    assertThat(CachedContextScenario.CONTEXTS.get("a").getBean(LoggerProvider.class))
        .isNotSameAs(CachedContextScenario.CONTEXTS.get("b").getBean(LoggerProvider.class));
  }

  @Test
  @Order(1)
  void theFourTestsInOrder() {
    Events events = run(false);
    events.failed().stream().forEach(e -> System.err.println(e));
    assertOwnership(events);
    // A started the first context, B the second, then C and D ran on A's cached one.
    List<String> order = events.started().stream()
        .map(e -> e.getTestDescriptor().getUniqueId().toString()).toList();
    assertThat(order).hasSize(4);
    assertThat(order.get(0)).contains("$A]");
    assertThat(order.get(1)).contains("$B]");
    assertThat(order.get(2)).contains("$C]");
    assertThat(order.get(3)).contains("$D]");
  }

  @Test
  @Order(2)
  void theFourTestsAsParallelClasses() {
    CachedContextScenario.SINKS.values().forEach(InMemorySink::clear);
    Events events = run(true);
    events.failed().stream().forEach(e -> System.err.println(e));
    assertOwnership(events);
  }

}
