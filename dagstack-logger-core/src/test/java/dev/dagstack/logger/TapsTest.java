package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.context.Taps;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.sink.Sink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Taps}: every emitted record, after redaction, whatever the configured sinks. */
class TapsTest {

  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  private final InMemorySink tap = new InMemorySink(100);

  @AfterEach
  void removeTap() {
    Taps.remove(tap);
  }

  @Test
  void aTapSeesRecordsOfEveryLoggerEvenWithoutSinksRedactedAndOnlyWhileInstalled() {
    Logger.configure(LoggerConfiguration.builder().sinks(List.of()).build());
    Logger.get("before").info("not tapped");
    Taps.add(tap);
    Taps.add(tap);
    Logger.get("orders").info("placed", Attrs.of("api_token", "abc"));
    Logger.get("orders").debug("below the level");
    Logger.get("detached").withSinks(List.of()).warn("detached child");
    Taps.remove(tap);
    Logger.get("after").info("not tapped either");

    assertThat(tap.records()).extracting(LogRecord::body).containsExactly("placed", "detached child");
    assertThat(tap.records().get(0).attributes().get("api_token")).isEqualTo("***");
    assertThat(Taps.current(null)).isEmpty();
  }

  @Test
  void removingOneTapKeepsTheOthers() {
    Logger.configure(LoggerConfiguration.builder().sinks(List.of()).build());
    InMemorySink other = new InMemorySink(10);
    Taps.add(tap);
    Taps.add(other);
    Taps.remove(tap);
    Logger.get("x").info("only other");
    Taps.remove(other);
    assertThat(tap.records()).isEmpty();
    assertThat(other.records()).extracting(LogRecord::body).containsExactly("only other");
  }

  /**
   * Readers of {@link Taps#current} racing a writer that cycles through {@code {y}}, {@code {y,
   * x}}, {@code {y, x, u}}, {@code {y, x}} (x of owner X, u unscoped, y of owner Y keeps the
   * per-owner lookup in use): no installed set ever has u without x, so an owner-X reader that
   * gets u alone saw parts of two sets, e.g. the owner map of {@code {y}} and the unscoped taps
   * of {@code {y, x, u}}. More threads than cores, so readers are preempted mid-read.
   */
  @Test
  @Timeout(60)
  void aReaderRacingInstallsSeesOneInstalledSetNeverAMixOfTwo() throws Exception {
    Object ownerX = new Object();
    Object ownerY = new Object();
    InMemorySink x = new InMemorySink("x", 1, 1);
    InMemorySink u = new InMemorySink("u", 1, 1);
    InMemorySink y = new InMemorySink("y", 1, 1);
    int readers = Runtime.getRuntime().availableProcessors() + 2;
    CyclicBarrier start = new CyclicBarrier(readers + 1);
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> torn = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int r = 0; r < readers; r++) {
      Thread reader = new Thread(() -> {
        await(start);
        while (!done.get() && torn.get() == null) {
          Sink[] selected = Taps.current(ownerX);
          List<Sink> seen = Arrays.asList(selected);
          if (!(seen.isEmpty() || seen.equals(List.of(x)) || seen.equals(List.of(u, x)))) {
            torn.compareAndSet(null, seen.toString());
          }
        }
      }, "taps-reader-" + r);
      reader.start();
      threads.add(reader);
    }
    Taps.add(y, null, ownerY);
    try {
      await(start);
      for (int i = 0; i < 200_000 && torn.get() == null; i++) {
        Taps.add(x, null, ownerX);
        Taps.add(u);
        Taps.remove(u);
        Taps.remove(x);
      }
    } finally {
      done.set(true);
      for (Thread thread : threads) {
        thread.join();
      }
      Taps.remove(x);
      Taps.remove(u);
      Taps.remove(y);
    }
    assertThat(torn.get()).as("taps selected for owner X").isNull();
    assertThat(Taps.current(ownerX)).isEmpty();
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
