package dev.dagstack.logger.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.context.Taps;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Severity;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@link CaptureLogs} without Spring: per-test capture, filters, removal after each test. */
@CaptureLogs
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaptureLogsTest {

  @BeforeAll
  static void noSinks() {
    Logger.configure(LoggerConfiguration.builder().sinks(List.of()).build());
  }

  @AfterAll
  static void reset() {
    assertThat(Taps.current(null)).isEmpty();
    Logger.reset();
  }

  @Test
  @Order(1)
  void capturesWhatIsEmittedFromAnyThreadEvenWithoutSinks(CapturedLogs logs) throws Exception {
    Logger.get("orders").info("order placed", Attrs.of("order.id", 42, "api_token", "t"));
    Thread other = new Thread(() -> Logger.get("orders.worker").warn("slow", Attrs.of("ms", 1.5)));
    other.start();
    other.join();
    Logger.get("orders").debug("below the root level");

    assertThat(logs.bodies()).containsExactly("order placed", "slow");
    assertThat(logs.withBody("order placed").withAttribute("order.id", 42)).hasSize(1);
    assertThat(logs.withBody("order placed").single().attributes().get("api_token")).isEqualTo("***");
    assertThat(logs.atLeast(Severity.WARN).fromLogger("orders.worker").withAttribute("ms", 1.5))
        .hasSize(1);
    assertThat(logs.withSeverity(Severity.INFO).bodies()).containsExactly("order placed");
    assertThat(logs.withBodyContaining("plac").withAttribute("order.id")).hasSize(1);
    assertThat(logs.fromLogger("nobody")).isEmpty();
    assertThatThrownBy(() -> logs.fromLogger("nobody").single())
        .isInstanceOf(AssertionError.class).hasMessageContaining("found 0");
  }

  @Test
  @Order(2)
  void eachTestStartsEmptyAndViewsAreLive(CapturedLogs logs) {
    assertThat(logs).isEmpty();
    CapturedLogs warnings = logs.atLeast(Severity.WARN);
    Logger.get("orders").warn("late");
    assertThat(warnings.bodies()).containsExactly("late");
    assertThat(Taps.current(null)).hasSize(1);
  }

  @Test
  @Order(3)
  void awaitAtLeastWakesWhenAnotherThreadLogsAndFailsWithTheBodiesAfterTheDeadline(
      CapturedLogs logs) throws Exception {
    // The record is logged only once the test thread is blocked in awaitAtLeast, so the wait
    // must be woken by the new record.
    Thread testThread = Thread.currentThread();
    Thread late = new Thread(() -> {
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
      while (testThread.getState() != Thread.State.TIMED_WAITING
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      Logger.get("orders.async").info("completed later");
    });
    late.start();

    long started = System.nanoTime();
    assertThat(logs.withBody("completed later").awaitAtLeast(1, java.time.Duration.ofSeconds(60)))
        .hasSize(1);
    // Woken by the record, not by the timeout: a wait that ignored new records would take 60 s.
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
        .isLessThan(java.time.Duration.ofSeconds(30));
    late.join();
    assertThatThrownBy(() -> logs.withBody("never logged")
        .awaitAtLeast(1, java.time.Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected at least 1 captured records");
  }
}
