package dev.dagstack.logger.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handler on a real Micrometer {@link ObservationRegistry}, without Spring. */
class OperationObservationHandlerTest {

  private final InMemorySink sink = new InMemorySink(100);
  private final ObservationRegistry registry = ObservationRegistry.create();

  @BeforeEach
  void setUp() {
    Logger.configure(LoggerConfiguration.builder().sinks(sink).build());
    registry.observationConfig().observationHandler(new OperationObservationHandler(
        List.of("app.*"), List.of("app.noisy.*"), "hook", Map.of("app.job", "maintenance")));
  }

  @AfterEach
  void reset() {
    Logger.reset();
  }

  private LogRecord find(String body) {
    return sink.records().stream().filter(r -> r.body().equals(body)).findFirst().orElseThrow(
        () -> new AssertionError("no record '" + body + "' in " + sink.records()));
  }

  @Test
  void namesAreMatchedAndNestedObservationsAreChildOperations() {
    Logger logger = Logger.get("app");
    Observation.createNotStarted("app.job", registry).observe(() -> {
      logger.info("in job");
      Observation.createNotStarted("app.step", registry).observe(() -> logger.info("in step"));
      Observation.createNotStarted("app.noisy.query", registry)
          .observe(() -> logger.info("in noisy"));
      Observation.createNotStarted("other.thing", registry).observe(() -> logger.info("in other"));
    });
    Object job = find("in job").attributes().get("operation.id");
    assertThat(find("in job").attributes()).containsEntry("operation.name", "app.job")
        .containsEntry("operation.kind", "maintenance");
    assertThat(find("in step").attributes()).containsEntry("operation.name", "app.step")
        .containsEntry("operation.kind", "hook").containsEntry("operation.parent.id", job);
    assertThat(find("in noisy").attributes()).containsEntry("operation.id", job);
    assertThat(find("in other").attributes()).containsEntry("operation.id", job);
    assertThat(sink.records()).filteredOn(r -> r.body().equals("operation completed"))
        .extracting(r -> r.attributes().get("operation.name"))
        .containsExactly("app.step", "app.job");
  }

  @Test
  void anObservationWithAnErrorClosesWithStatusError() {
    Observation observation = Observation.start("app.job", registry);
    observation.error(new IllegalStateException("disk full"));
    observation.stop();
    assertThat(find("operation failed").attributes()).containsEntry("operation.status", "error")
        .containsEntry("exception.message", "disk full");
  }

  @Test
  void scopesOpenOnTwoThreadsAtOnceCloseOnlyTheirOwn() throws Exception {
    Observation observation = Observation.start("app.job", registry);
    Logger logger = Logger.get("app");
    CountDownLatch bothOpen = new CountDownLatch(2);
    CountDownLatch firstClosed = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> first = pool.submit(() -> {
        try (Observation.Scope ignored = observation.openScope()) {
          bothOpen.countDown();
          bothOpen.await(10, TimeUnit.SECONDS);
        }
        logger.info("first after its scope");
        firstClosed.countDown();
        return null;
      });
      Future<?> second = pool.submit(() -> {
        try (Observation.Scope ignored = observation.openScope()) {
          bothOpen.countDown();
          firstClosed.await(10, TimeUnit.SECONDS);
          logger.info("second still inside");
        }
        logger.info("second after its scope");
        return null;
      });
      first.get(10, TimeUnit.SECONDS);
      second.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    observation.stop();
    assertThat(find("second still inside").attributes()).containsEntry("operation.name", "app.job");
    assertThat(find("first after its scope").attributes()).doesNotContainKey("operation.id");
    assertThat(find("second after its scope").attributes()).doesNotContainKey("operation.id");
  }
}
