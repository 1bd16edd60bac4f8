package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.context.LoggingScope;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fluent API: {@code logger.atInfo().attr(...).log(body)}. */
class LogEventTest {

  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  private final InMemorySink sink = new InMemorySink(100);

  private Logger configure(int rootLevel) {
    Logger.configure(LoggerConfiguration.builder().rootLevel(rootLevel).sinks(sink).build());
    return Logger.get("fluent.orders");
  }

  @Test
  void makesTheSameRecordAsTheClassicCall() {
    Logger logger = configure(Severity.INFO);
    logger.info("order placed", Attrs.of("order.id", 1234, "order.quantity", 2,
        "order.item", "sku-4711", "order.price", 19.99, "order.paid", true));
    logger.atInfo()
        .attr("order.id", 1234)
        .attr("order.quantity", 2L)
        .attr("order.item", "sku-4711")
        .attr("order.price", 19.99)
        .attr("order.paid", true)
        .log("order placed");

    List<LogRecord> records = sink.records();
    assertThat(records).hasSize(2);
    LogRecord classic = records.get(0);
    LogRecord fluent = records.get(1);
    assertThat(fluent.attributes()).isEqualTo(classic.attributes());
    assertThat(fluent.attributes().get("order.id")).isEqualTo(1234L);
    assertThat(fluent.attributes().get("order.price")).isEqualTo(19.99);
    assertThat(fluent.body()).isEqualTo(classic.body());
    assertThat(fluent.severityNumber()).isEqualTo(Severity.INFO);
    assertThat(fluent.instrumentationScope()).isEqualTo(classic.instrumentationScope());
  }

  @Test
  void eachLevelAndAnyNumberEmitAtTheirSeverity() {
    Logger logger = configure(Severity.TRACE);
    logger.atTrace().log("t");
    logger.atDebug().log("d");
    logger.atInfo().log("i");
    logger.atWarn().log("w");
    logger.atError().log("e");
    logger.atFatal().log("f");
    logger.at(11).log("info3");
    assertThat(sink.records()).extracting(LogRecord::severityNumber)
        .containsExactly(1, 5, 9, 13, 17, 21, 11);
    assertThat(sink.records().get(0).attributes()).isEmpty();
  }

  @Test
  void convertsValuesAndAppliesAttrsRulesForKeys() {
    Logger logger = configure(Severity.INFO);
    logger.atInfo()
        .attr("tags", List.of("a", "b"))
        .attr("size", (short) 3)
        .attr("id", 1)
        .attr("id", 2)
        .attr(null, "dropped")
        .log("converted");
    Attrs attributes = sink.records().get(0).attributes();
    assertThat(attributes).containsOnlyKeys("tags", "size", "id");
    assertThat(attributes.get("id")).isEqualTo(2L);
    assertThat(attributes.get("size")).isEqualTo(3L);
    assertThat(attributes.get("tags")).isEqualTo(List.of("a", "b"));
    assertThat(diagnostics.messages()).contains("attribute with a null key dropped");
  }

  @Test
  void boundAttributesRedactionAndInvalidSeveritiesWorkAsInTheClassicCall() {
    Logger logger = configure(Severity.INFO).with(Attrs.of("tenant", "acme"));
    logger.atWarn().attr("api_key", "s3cret").log("calling");
    logger.at(99).log("clamped");
    LogRecord first = sink.records().get(0);
    assertThat(first.attributes().get("tenant")).isEqualTo("acme");
    assertThat(first.attributes().get("api_key")).isEqualTo("***");
    assertThat(sink.records().get(1).severityNumber()).isEqualTo(Severity.MAX);
  }

  @Test
  void aDisabledLevelGetsTheSharedNoOpEvent() {
    Logger logger = configure(Severity.INFO);
    LogEvent disabled = logger.atDebug();
    assertThat(disabled).isSameAs(logger.atTrace()).isSameAs(logger.at(5));
    disabled.attr("a", 1).attr("b", 2.5).attr("c", true).attr("d", "x").log("ignored");
    assertThat(sink.records()).isEmpty();
    assertThat(logger.atInfo()).isNotSameAs(disabled);
  }

  @Test
  void aScopeThatLowersTheThresholdEnablesTheFluentEvent() {
    Logger logger = configure(Severity.INFO);
    try (LoggingScope ignored = LoggingScope.builder().threshold(Severity.DEBUG).open()) {
      logger.atDebug().attr("k", 1).log("scoped debug");
    }
    logger.atDebug().log("not emitted");
    assertThat(sink.records()).extracting(LogRecord::bodyText).containsExactly("scoped debug");
  }

  @Test
  void logsMadeWhileAnEventIsBuiltAreKeptApart() {
    Logger logger = configure(Severity.INFO);
    Object loggingValue = new Object() {
      @Override
      public String toString() {
        logger.atWarn().attr("inner", 1).log("inner record");
        return "outer value";
      }
    };
    logger.atInfo().attr("first", 1).attr("value", loggingValue).attr("last", 3)
        .log("outer record");
    logger.atInfo().attr("after", 4).log("next record");

    List<LogRecord> records = sink.records();
    assertThat(records).extracting(LogRecord::bodyText)
        .containsExactly("inner record", "outer record", "next record");
    assertThat(records.get(0).attributes()).containsOnlyKeys("inner");
    assertThat(records.get(1).attributes()).containsOnlyKeys("first", "value", "last");
    assertThat(records.get(1).attributes().get("value")).isEqualTo("outer value");
    assertThat(records.get(2).attributes()).containsOnlyKeys("after");
  }
}
