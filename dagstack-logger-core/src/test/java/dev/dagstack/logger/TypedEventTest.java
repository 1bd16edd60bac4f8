package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.convention.ConventionsConfig;
import dev.dagstack.logger.convention.EventSchemaException;
import dev.dagstack.logger.convention.TypedEvents;
import dev.dagstack.logger.convention.ValidationMode;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typed events (spec §5.2) against the schema file on the test classpath
 * ({@code META-INF/dagstack/events/dev.dagstack.test.yaml}) and files from configured locations.
 */
class TypedEventTest {

  private static final String DOMAIN = "dev.dagstack.test";

  private final InMemorySink sink = new InMemorySink(100);
  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  private Logger configure(ValidationMode mode) {
    Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.TRACE).sinks(sink)
        .conventions(ConventionsConfig.builder().validation(mode).build()).build());
    return Logger.get("orders");
  }

  @Test
  void addsTheEventAttributesAndTakesTheSeverityHint() {
    Logger logger = configure(ValidationMode.STRICT);
    logger.emitEvent(DOMAIN, "order_placed",
        Attrs.of("order.id", "ord-1", "order.item", "book", "order.quantity", 2));
    logger.emitEvent(Severity.DEBUG, DOMAIN, "cache_cleared", null);

    LogRecord placed = sink.records().get(0);
    assertThat(placed.body()).isEqualTo("order_placed");
    assertThat(placed.severityNumber()).isEqualTo(Severity.WARN);
    assertThat(placed.attributes()).containsEntry("event.domain", DOMAIN)
        .containsEntry("event.name", "order_placed").containsEntry("event.schema_version", 2L)
        .containsEntry("order.id", "ord-1").containsEntry("order.quantity", 2L);
    LogRecord cleared = sink.records().get(1);
    assertThat(cleared.severityNumber()).isEqualTo(Severity.DEBUG);
    assertThat(cleared.attributes()).containsEntry("event.schema_version", "1.1");
  }

  @Test
  void reportModeWritesTheRecordAndReportsMissingAndSurplusAttributes() {
    Logger logger = configure(ValidationMode.REPORT);
    long before = TypedEvents.violationCount();
    logger.emitEvent(DOMAIN, "order_placed", Attrs.of("order.id", "ord-1", "order.color", "red"));
    logger.emitEvent(DOMAIN, "no_such_event", Attrs.of("a", 1));

    assertThat(sink.records()).extracting(LogRecord::body)
        .containsExactly("order_placed", "no_such_event");
    assertThat(sink.records().get(1).attributes()).containsEntry("event.name", "no_such_event")
        .doesNotContainKey("event.schema_version");
    assertThat(TypedEvents.violationCount()).isEqualTo(before + 2);
    assertThat(diagnostics.messages()).anySatisfy(m -> assertThat(m)
        .contains("dev.dagstack.test/order_placed does not match its schema")
        .contains("missing [order.item]").contains("surplus [order.color]"));
    assertThat(diagnostics.messages()).anySatisfy(m -> assertThat(m)
        .contains("dev.dagstack.test/no_such_event has no schema"));
    LogRecord report = diagnostics.records().stream()
        .filter(r -> r.bodyText().contains("does not match")).findFirst().orElseThrow();
    assertThat(report.attributes()).containsEntry("event.missing_attributes", List.of("order.item"))
        .containsEntry("event.surplus_attributes", List.of("order.color"));
  }

  @Test
  void reportModeIsRateLimitedPerEvent() {
    Logger logger = configure(ValidationMode.REPORT);
    for (int i = 0; i < 50; i++) {
      logger.emitEvent(DOMAIN, "order_placed", Attrs.of("order.id", "ord-" + i));
    }
    assertThat(sink.records()).hasSize(50);
    assertThat(diagnostics.messages()).filteredOn(m -> m.contains("order_placed")).hasSize(1);
  }

  @Test
  void strictModeThrowsListingTheProblemsAndWritesNothing() {
    Logger logger = configure(ValidationMode.STRICT);
    assertThatThrownBy(() -> logger.emitEvent(DOMAIN, "order_placed",
        Attrs.of("order.id", "ord-1", "order.color", "red", "order.size", 3)))
        .isInstanceOf(EventSchemaException.class)
        .hasMessageContaining("missing [order.item]")
        .hasMessageContaining("surplus [order.color, order.size]");
    assertThatThrownBy(() -> logger.emitEvent(DOMAIN, "unknown_event", null))
        .isInstanceOf(EventSchemaException.class).hasMessageContaining("has no schema");
    assertThat(sink.records()).isEmpty();
  }

  @Test
  void reservedDomainsAreRefusedInBothModes() {
    Logger logger = configure(ValidationMode.REPORT);
    logger.emitEvent("progress", "tick", Attrs.of("progress.current", 1));
    logger.emitEvent("dagstack.logger", "anything", null);
    logger.emitEvent("operation.custom", "started", null);
    // Report mode: written as plain records, without the event.* claim (TypedEventRefusalTest).
    assertThat(sink.records()).hasSize(3).allSatisfy(r -> assertThat(r.attributes())
        .doesNotContainKey("event.domain").containsKey("dagstack.event.rejected"));
    assertThat(diagnostics.messages()).filteredOn(m -> m.contains("is reserved")).hasSize(3);
    sink.clear();

    Logger strict = configure(ValidationMode.STRICT);
    assertThatThrownBy(() -> strict.emitEvent("progress", "tick", null))
        .isInstanceOf(EventSchemaException.class).hasMessageContaining("domain progress is reserved");
    assertThat(sink.records()).isEmpty();
  }

  @Test
  void schemasComeFromConfiguredLocationsToo(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("com.example.billing.yaml"), """
        events:
          invoice_sent:
            schema_version: 3
            severity_hint: 9
            required_attributes: [invoice.id]
        """);
    Logger.configure(LoggerConfiguration.builder().sinks(sink).conventions(ConventionsConfig
        .builder().validation(ValidationMode.STRICT).schemaLocations(List.of(dir.toString()))
        .build()).build());
    Logger.get("billing").emitEvent("com.example.billing", "invoice_sent",
        Attrs.of("invoice.id", "inv-7"));
    assertThat(sink.records()).singleElement().satisfies(r -> assertThat(r.attributes())
        .containsEntry("event.schema_version", 3L).containsEntry("invoice.id", "inv-7"));
  }
}
