package dev.dagstack.logger.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrettyFormatterTest {

  /** 2026-11-21T10:15:30.123456789Z */
  private static final long TIME = 1_795_256_130_123_456_789L;

  private static LogRecord.Builder record() {
    return LogRecord.builder()
        .timeUnixNano(TIME)
        .instrumentationScope(InstrumentationScope.of("order_service.api", "1.0.0"))
        .body("request received");
  }

  @Test
  void writesTimeLevelScopeBodyAndSortedAttributes() {
    LogRecord r = record()
        .attributes(Attrs.of("user.id", 42, "request.id", "req-abc", "note", "a b"))
        .build();
    assertThat(PrettyFormatter.format(r, false)).isEqualTo(
        "2026-11-21T10:15:30.123456Z [INFO] order_service.api: request received"
            + " | note=\"a b\" request.id=req-abc user.id=42");
  }

  @Test
  void leavesOutTheSeparatorWithoutAttributes() {
    assertThat(PrettyFormatter.format(record().severityNumber(22).build(), false))
        .isEqualTo("2026-11-21T10:15:30.123456Z [FATAL] order_service.api: request received");
  }

  @Test
  void quotesAndEscapesValuesThatNeedIt() {
    LogRecord r = record().body("line1\nline2").attributes(Attrs.of(
        "eq", "a=b", "quote", "say \"hi\"", "ctl", "x\ty\u0001", "empty", "", "plain", "back\\slash"))
        .build();
    assertThat(PrettyFormatter.format(r, false)).endsWith(
        ": line1\\nline2 | ctl=\"x\\ty\\u0001\" empty=\"\" eq=\"a=b\" plain=back\\slash"
            + " quote=\"say \\\"hi\\\"\"");
  }

  @Test
  void rendersNumbersNestedValuesAndTraceIds() {
    LogRecord r = record()
        .body(Map.of("k", 1))
        .attributes(Attrs.of("d", 1e-5, "nan", Double.NaN, "list", List.of(1, "a b"),
            "map", Map.of("z", true, "a", 0.5), "none", null))
        .traceId("0af7651916cd43dd8448eb211c80319c")
        .spanId("b7ad6b7169203331")
        .build();
    assertThat(PrettyFormatter.format(r, false)).isEqualTo(
        "2026-11-21T10:15:30.123456Z [INFO] order_service.api: {\"k\":1} | d=1e-05"
            + " list=[1,\"a b\"] map={\"a\":0.5,\"z\":true} nan=NaN none=null"
            + " trace_id=0af7651916cd43dd8448eb211c80319c span_id=b7ad6b7169203331");
  }

  @Test
  void tracesAloneStillGetTheSeparator() {
    LogRecord r = record().spanId("b7ad6b7169203331").build();
    assertThat(PrettyFormatter.format(r, false)).endsWith(": request received | span_id=b7ad6b7169203331");
  }

  @Test
  void coloursTheSeverityPerBucket() {
    assertThat(PrettyFormatter.format(record().severityNumber(Severity.INFO).build(), true))
        .contains(" \u001b[32m[INFO]\u001b[0m ");
    assertThat(PrettyFormatter.format(record().severityNumber(Severity.WARN).build(), true))
        .contains("\u001b[33m[WARN]\u001b[0m");
    assertThat(PrettyFormatter.format(record().severityNumber(18).build(), true))
        .contains("\u001b[31m[ERROR]\u001b[0m");
    assertThat(PrettyFormatter.format(record().severityNumber(Severity.FATAL).build(), true))
        .contains("\u001b[1;31m[FATAL]\u001b[0m");
    assertThat(PrettyFormatter.format(record().severityNumber(Severity.TRACE).build(), true))
        .contains("\u001b[2m[TRACE]\u001b[0m");
    assertThat(PrettyFormatter.format(record().build(), false)).doesNotContain("\u001b");
  }

  @Test
  void writesTheEpochItselfInUtc() {
    LogRecord r = record().timeUnixNano(0L).build();
    assertThat(PrettyFormatter.format(r, false)).startsWith("1970-01-01T00:00:00.000000Z ");
  }
}
