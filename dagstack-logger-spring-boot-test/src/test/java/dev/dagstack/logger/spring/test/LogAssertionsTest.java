package dev.dagstack.logger.spring.test;

import static dev.dagstack.logger.spring.test.LogAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.record.Severity;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AssertJ assertions on captured records: what passes, and what a failure tells. */
@CaptureLogs
class LogAssertionsTest {

  @BeforeAll
  static void noSinks() {
    Logger.configure(LoggerConfiguration.builder().sinks(List.of()).build());
  }

  @AfterAll
  static void reset() {
    Logger.reset();
  }

  @BeforeEach
  void log() {
    Logger.get("orders").info("order placed", Attrs.of("order.id", 42, "request.id", "r-1"));
    Logger.get("orders").info("order placed", Attrs.of("order.id", 43));
    Logger.get("payments").warn("card declined", Attrs.of("order.id", 43));
  }

  @Test
  void matchingRecordsPassAndNarrow(CapturedLogs logs) {
    assertThat(logs).hasRecordWithBody("order placed")
        .withAttribute("order.id", 42)
        .atSeverity(Severity.INFO)
        .fromLogger("orders")
        .single()
        .hasAttribute("request.id", "r-1")
        .hasBody("order placed")
        .hasSeverity(Severity.INFO)
        .isFromLogger("orders");
    assertThat(logs).hasRecordWithBody("order placed").times(2);
    assertThat(logs).hasRecordWithBodyContaining("declined").withoutAttribute("request.id");
    assertThat(logs).hasNoRecordWithBody("order shipped").hasNoRecordAtLeast(Severity.ERROR)
        .hasSize(3);
    assertThat(logs.withBody("card declined").single()).doesNotHaveAttribute("request.id");
    // AssertJ's own assertThat still serves everything else.
    assertThat(logs.bodies()).hasSize(3);
  }

  @Test
  void aFailureNamesTheConditionsAndListsWhatWasCaptured(CapturedLogs logs) {
    assertThatThrownBy(() -> assertThat(logs).hasRecordWithBody("order placed")
        .withAttribute("order.id", 44))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting a captured record with body \"order placed\","
            + " attribute order.id=44 but none matched.")
        .hasMessageContaining("With body \"order placed\" only (2):")
        .hasMessageContaining("Captured (3):")
        .hasMessageContaining("WARN payments \"card declined\" {order.id=43}")
        .hasMessageContaining("INFO orders \"order placed\" {order.id=42, request.id=r-1}");
    assertThatThrownBy(() -> assertThat(logs).hasRecordWithBody("order shipped"))
        .hasMessageContaining("with body \"order shipped\" but none matched")
        .hasMessageContaining("Captured (3):");
    assertThatThrownBy(() -> assertThat(logs).hasNoRecordAtLeast(Severity.WARN))
        .hasMessageContaining("Expecting no captured record with severity WARN or above")
        .hasMessageContaining("WARN payments \"card declined\"");
    assertThatThrownBy(() -> assertThat(logs).hasRecordWithBody("order placed").single())
        .hasMessageContaining("Expecting exactly one captured record with body \"order placed\""
            + " but found (2):");
    assertThatThrownBy(() -> assertThat(logs.withBody("card declined").single())
        .hasAttribute("order.id", 42))
        .hasMessageContaining("Expecting attribute order.id=42 but the record is")
        .hasMessageContaining("{order.id=43}");
  }

  @Test
  void aBodyWithPercentSignsIsShownAsItIs(CapturedLogs logs) {
    Logger.get("odd").info("100%s %n done");

    assertThatThrownBy(() -> assertThat(logs).hasRecordWithBody("nothing"))
        .hasMessageContaining("INFO odd \"100%s %n done\" {}");
  }
}
