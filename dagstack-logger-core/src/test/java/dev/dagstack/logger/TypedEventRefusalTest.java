package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.convention.ConventionsConfig;
import dev.dagstack.logger.convention.EventSchemaException;
import dev.dagstack.logger.convention.ValidationMode;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Refused typed events (spec §5.2): always a record in report mode, each problem reported. */
class TypedEventRefusalTest {

  private final InMemorySink sink = new InMemorySink(100);
  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  @BeforeEach
  void forgetEarlierReports() {
    Diagnostics.resetRateLimits();
  }

  private Logger configure(ValidationMode mode) {
    Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.TRACE).sinks(sink)
        .conventions(ConventionsConfig.builder().validation(mode).build()).build());
    return Logger.get("orders");
  }

  @Test
  void reportModeWritesEveryRefusedEventAsAPlainRecordAndReportsEachProblem() {
    Logger logger = configure(ValidationMode.REPORT);
    logger.emitEvent(null, "order_placed", Attrs.of("order.id", "o-1"));
    logger.emitEvent("com.example.orders", " ", Attrs.of("order.id", "o-2"));
    logger.emitEvent(Severity.WARN, "progress", "tick",
        Attrs.of("order.id", "o-3", "event.domain", "spoofed"));

    assertThat(sink.records()).hasSize(3).allSatisfy(r -> assertThat(r.attributes())
        .doesNotContainKeys("event.domain", "event.name", "event.schema_version")
        .containsKey("dagstack.event.rejected").containsKey("order.id"));
    assertThat(sink.records().get(0).body()).isEqualTo("order_placed");
    assertThat(sink.records().get(0).attributes())
        .containsEntry("dagstack.event.rejected", "domain is null");
    assertThat(sink.records().get(1).body()).isEqualTo("typed event");
    assertThat(sink.records().get(2).severityNumber()).isEqualTo(Severity.WARN);
    assertThat(sink.records().get(2).attributes())
        .containsEntry("dagstack.event.rejected", "domain progress is reserved");
    // Three distinct problems, three reports (none hidden by another's rate limit).
    assertThat(diagnostics.messages()).hasSize(3);
  }

  @Test
  void strictModeThrowsForNullBlankAndReservedAndWritesNothing() {
    Logger logger = configure(ValidationMode.STRICT);
    assertThatThrownBy(() -> logger.emitEvent("com.example.orders", null, null))
        .isInstanceOf(EventSchemaException.class).hasMessageContaining("name is null");
    assertThatThrownBy(() -> logger.emitEvent("dagstack.internal", "x", null))
        .isInstanceOf(EventSchemaException.class).hasMessageContaining("reserved");
    assertThat(sink.records()).isEmpty();
  }
}
