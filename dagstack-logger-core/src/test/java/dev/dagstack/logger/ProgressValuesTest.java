package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.convention.ConventionsConfig;
import dev.dagstack.logger.convention.Operation;
import dev.dagstack.logger.convention.OperationKind;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nonsense progress values (spec §5.3) against an injected clock: written as given, no rate. */
class ProgressValuesTest {

  private static final long MS = 1_000_000L;

  private final InMemorySink sink = new InMemorySink(1000);
  private final AtomicLong clock = new AtomicLong(5_000 * MS);
  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  private Operation start() {
    Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.DEBUG).sinks(sink)
        .conventions(ConventionsConfig.builder().nanoClock(clock::get)
            .progressInterval(Duration.ZERO).build())
        .build());
    return Logger.get("importer").operation("import_orders", OperationKind.ADMIN);
  }

  private List<LogRecord> ticks() {
    return sink.records().stream()
        .filter(r -> "tick".equals(r.attributes().get("event.name"))).toList();
  }

  @Test
  void negativeValuesAreWrittenAsGivenWithoutRateOrEtaAndReported() {
    try (Operation operation = start()) {
      clock.addAndGet(2_000 * MS);
      operation.progress(5, -1, "items");
      clock.addAndGet(2_000 * MS);
      operation.progress(-3, 10, "items");
    }
    assertThat(ticks()).hasSize(2).allSatisfy(r -> assertThat(r.attributes())
        .doesNotContainKeys("progress.rate", "progress.eta_ms"));
    assertThat(ticks().get(0).attributes()).containsEntry("progress.current", 5L)
        .containsEntry("progress.total", -1L);
    assertThat(ticks().get(1).attributes()).containsEntry("progress.current", -3L);
    assertThat(diagnostics.messages()).anySatisfy(m -> assertThat(m)
        .contains("negative progress").contains("total -1"));
  }

  @Test
  void noRateBeforeOneSecondOfSamples() {
    try (Operation operation = start()) {
      operation.progress(5, 100, "items");
      clock.addAndGet(999 * MS);
      operation.progress(6);
      clock.addAndGet(MS);
      operation.progress(10);
    }
    assertThat(ticks()).extracting(r -> r.attributes().get("progress.rate"))
        .containsExactly(null, null, 10.0);
    assertThat(ticks().get(2).attributes()).containsEntry("progress.eta_ms", 9_000L);
  }

  @Test
  void noEtaPastTheTotalAndNoOverflowNearTheLimits() {
    try (Operation operation = start()) {
      clock.addAndGet(2_000 * MS);
      operation.progress(12, 10, "items");
      clock.addAndGet(2_000 * MS);
      operation.progress(0, 0, "items");
      clock.addAndGet(2_000 * MS);
      operation.progress(Long.MAX_VALUE - 1, Long.MAX_VALUE, "bytes");
    }
    List<LogRecord> ticks = ticks();
    assertThat(ticks.get(0).attributes()).containsEntry("progress.rate", 6.0)
        .doesNotContainKey("progress.eta_ms");
    assertThat(ticks.get(1).attributes()).doesNotContainKey("progress.eta_ms")
        .containsEntry("progress.total", 0L);
    assertThat(ticks.get(2).attributes()).containsKey("progress.rate");
    assertThat((Long) ticks.get(2).attributes().get("progress.eta_ms")).isBetween(0L, 1L);
  }
}
