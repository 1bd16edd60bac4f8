package dev.dagstack.logger.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The record's own validation: what it accepts is exactly what the wire can carry. */
class LogRecordTest {

  @Test
  void idsMustBeLowercaseHexOfTheRightLengthAndNotAllZeros() {
    assertThatThrownBy(() -> LogRecord.builder().traceId("0123456789ABCDEF0123456789ABCDEF").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trace_id");
    assertThatThrownBy(() -> LogRecord.builder().traceId("00000000000000000000000000000000").build())
        .hasMessageContaining("trace_id");
    assertThatThrownBy(() -> LogRecord.builder().spanId("0123456789abcde").build())
        .hasMessageContaining("span_id");
    assertThatThrownBy(() -> LogRecord.builder().traceFlags(256).build())
        .hasMessageContaining("trace_flags");
    assertThatThrownBy(() -> LogRecord.builder().severityNumber(25).build())
        .hasMessageContaining("severity_number");

    LogRecord valid = LogRecord.builder().traceId("0123456789abcdef0123456789abcdef")
        .spanId("0123456789abcdef").traceFlags(1).build();
    assertThat(valid.traceId()).isEqualTo("0123456789abcdef0123456789abcdef");
  }
}
