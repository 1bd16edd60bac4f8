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

  @Test
  void withAttributesAndWithResourceCopyOneFieldOrReturnTheSameRecord() {
    LogRecord record = LogRecord.builder().timeUnixNano(1L).observedTimeUnixNano(2L)
        .severityNumber(17).body("b").attributes(java.util.Map.of("k", "v"))
        .resource(Resource.of(Attrs.of("service.name", "s")))
        .instrumentationScope(new InstrumentationScope("scope", "1", Attrs.empty()))
        .traceId("0123456789abcdef0123456789abcdef").spanId("0123456789abcdef").traceFlags(1)
        .build();
    assertThat(record.withAttributes(record.attributes())).isSameAs(record);
    assertThat(record.withResource(record.resource())).isSameAs(record);

    Attrs other = Attrs.of("k", "***");
    assertThat(record.withAttributes(other))
        .isEqualTo(new LogRecord(1L, 2L, 17, "b", other, record.resource(),
            record.instrumentationScope(), record.traceId(), record.spanId(), 1));
    Resource resource = Resource.of(Attrs.of("service.name", "t"));
    assertThat(record.withResource(resource))
        .isEqualTo(new LogRecord(1L, 2L, 17, "b", record.attributes(), resource,
            record.instrumentationScope(), record.traceId(), record.spanId(), 1));
    assertThat(record.withBody(record.body())).isSameAs(record);
    assertThat(record.withBody("c"))
        .isEqualTo(new LogRecord(1L, 2L, 17, "c", record.attributes(), record.resource(),
            record.instrumentationScope(), record.traceId(), record.spanId(), 1));
    // null as in the constructor: empty.
    assertThat(record.withAttributes(null).attributes()).isEqualTo(Attrs.empty());
    assertThat(record.withResource(null).resource()).isEqualTo(Resource.empty());
  }

  @Test
  void negativeTimesAreRejectedNamingTheField() {
    // Unsigned on the wire: a sink would write a line its own parser rejects.
    assertThatThrownBy(() -> LogRecord.builder().timeUnixNano(-7).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("time_unix_nano must be 0 or more (nanoseconds since the Unix epoch), got -7");
    assertThatThrownBy(() -> LogRecord.builder().timeUnixNano(1).observedTimeUnixNano(-1L).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("observed_time_unix_nano must be 0 or more (nanoseconds since the Unix epoch),"
            + " got -1");
    assertThat(LogRecord.builder().timeUnixNano(0).observedTimeUnixNano(0L).build().timeUnixNano())
        .isZero();
  }

}
