package dev.dagstack.logger.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonLinesParserTest {

  private static final String SCOPE = "\"instrumentation_scope\":{\"name\":\"root\"}";

  /** A valid line with {@code fields} replacing or adding to the minimal ones. */
  private static String line(String severity, String time, String extra) {
    return "{\"body\":\"b\"," + SCOPE + "," + severity + ",\"time_unix_nano\":" + time + extra + "}";
  }

  private static String line(String extra) {
    return line("\"severity_number\":9,\"severity_text\":\"INFO\"", "1", extra);
  }

  @Test
  @SuppressWarnings("unchecked")
  void parsesEveryField() throws WireFormatException {
    String text = "{\"attributes\":{\"a\":[1,2.5,\"x\",true,null,{\"k\":{}}]},\"body\":{\"m\":1},"
        + "\"instrumentation_scope\":{\"attributes\":{\"s\":1},\"name\":\"svc\",\"version\":\"2\"},"
        + "\"observed_time_unix_nano\":6,\"resource\":{\"attributes\":{\"service.name\":\"o\"}},"
        + "\"severity_number\":14,\"severity_text\":\"WARN\",\"span_id\":\"b7ad6b7169203331\","
        + "\"time_unix_nano\":5,\"trace_flags\":1,\"trace_id\":\"0af7651916cd43dd8448eb211c80319c\"}";
    LogRecord r = JsonLinesParser.parse(text);
    assertThat(r.timeUnixNano()).isEqualTo(5);
    assertThat(r.observedTimeUnixNano()).isEqualTo(6L);
    assertThat(r.severityNumber()).isEqualTo(14);
    assertThat(r.body()).isEqualTo(Attrs.of("m", 1L));
    assertThat((List<Object>) r.attributes().get("a")).containsExactly(new Object[] {1L, 2.5, "x", true, null, Attrs.of("k", Attrs.empty())});
    assertThat(r.resource().attributes()).isEqualTo(Attrs.of("service.name", "o"));
    assertThat(r.instrumentationScope().name()).isEqualTo("svc");
    assertThat(r.instrumentationScope().version()).isEqualTo("2");
    assertThat(r.instrumentationScope().attributes()).isEqualTo(Attrs.of("s", 1L));
    assertThat(r.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(r.spanId()).isEqualTo("b7ad6b7169203331");
    assertThat(r.traceFlags()).isEqualTo(1);
    assertThat(JsonLinesEncoder.encode(r)).isEqualTo(text);
  }

  @Test
  void decodesEscapesIncludingSurrogates() throws WireFormatException {
    LogRecord r = JsonLinesParser.parse(line(",\"attributes\":{\"s\":\"\\ud83d\\ude00 \\ud83d \\u00e9\\/\\n\"}"));
    assertThat(r.attributes().get("s")).isEqualTo("\uD83D\uDE00 \uD83D é/\n");
  }

  @Test
  void acceptsWhitespaceAndNullForOptionalFields() throws WireFormatException {
    LogRecord r = JsonLinesParser.parse(" { \"body\" : 1 , " + SCOPE
        + ", \"severity_number\":1,\"severity_text\":\"TRACE\",\"time_unix_nano\":0,"
        + "\"trace_id\":null,\"span_id\":null,\"observed_time_unix_nano\":null }\r");
    assertThat(r.body()).isEqualTo(1L);
    assertThat(r.traceId()).isNull();
    assertThat(r.observedTimeUnixNano()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "not JSON | nope | invalid JSON at column 1",
    "truncated | {\"body\":\"b\" | invalid JSON at column 12: unexpected end of line",
    "trailing data | " + "{\"body\":1}x | column 11",
    "raw control char | {\"body\":\"a\tb\"} | control character U+0009",
    "bad escape in attributes | {\"attributes\":{\"k\":\"\\q\"}} | (in attributes.k): invalid escape",
    "empty line | '' | empty line",
  })
  void rejectsInvalidJsonWithTheColumn(String name, String text, String message) {
    assertThatThrownBy(() -> JsonLinesParser.parse(text))
        .isInstanceOf(WireFormatException.class).hasMessageContaining(message);
  }

  private static void rejects(String text, String... fragments) {
    assertThatThrownBy(() -> JsonLinesParser.parse(text))
        .isInstanceOf(WireFormatException.class)
        .satisfies(e -> {
          for (String fragment : fragments) {
            assertThat(e.getMessage()).contains(fragment);
          }
        });
  }

  @Test
  void rejectsSeverityNumberOutsideTheRange() {
    rejects(line("\"severity_number\":25,\"severity_text\":\"FATAL\"", "1", ""), "severity_number", "25");
    rejects(line("\"severity_number\":0,\"severity_text\":\"TRACE\"", "1", ""), "severity_number", "0");
    rejects(line("\"severity_number\":4294967305,\"severity_text\":\"INFO\"", "1", ""), "severity_number");
    rejects(line("\"severity_number\":9.0,\"severity_text\":\"INFO\"", "1", ""), "severity_number must be an integer");
  }

  @Test
  void rejectsSeverityTextOutsideTheBucket() {
    rejects(line("\"severity_number\":12,\"severity_text\":\"WARN\"", "1", ""),
        "severity_text 'WARN'", "severity_number 12", "'INFO'");
    rejects(line("\"severity_number\":9,\"severity_text\":\"info\"", "1", ""), "severity_text");
    rejects(line("\"severity_number\":9,\"severity_text\":9", "1", ""), "severity_text must be a string");
  }

  @Test
  void rejectsMissingFields() {
    rejects("{\"body\":\"b\",\"severity_number\":9,\"severity_text\":\"INFO\",\"time_unix_nano\":1}",
        "missing instrumentation_scope");
    rejects("{\"body\":\"b\",\"instrumentation_scope\":{},\"severity_number\":9,\"severity_text\":\"INFO\",\"time_unix_nano\":1}",
        "missing instrumentation_scope.name");
    rejects("{\"body\":\"b\"," + SCOPE + ",\"severity_number\":9,\"severity_text\":\"INFO\"}", "missing time_unix_nano");
    rejects("{" + SCOPE + ",\"severity_number\":9,\"severity_text\":\"INFO\",\"time_unix_nano\":1}", "missing body");
    rejects("{\"body\":\"b\"," + SCOPE + ",\"severity_text\":\"INFO\",\"time_unix_nano\":1}", "missing severity_number");
  }

  @Test
  void rejectsBadTraceAndSpanIds() {
    rejects(line(",\"trace_id\":\"0AF7651916CD43DD8448EB211C80319C\""), "trace_id", "32 lowercase hex");
    rejects(line(",\"trace_id\":\"0af7651916cd43dd8448eb211c80319\""), "trace_id");
    rejects(line(",\"trace_id\":\"00000000000000000000000000000000\""), "trace_id");
    rejects(line(",\"span_id\":\"b7ad6b716920333\""), "span_id", "16 lowercase hex");
    rejects(line(",\"span_id\":\"b7ad6b716920333g\""), "span_id");
    rejects(line(",\"span_id\":12"), "span_id");
  }

  @Test
  void rejectsNonIntegerTimestamps() {
    rejects(line("\"severity_number\":9,\"severity_text\":\"INFO\"", "1.5", ""), "time_unix_nano must be an integer", "1.5");
    rejects(line("\"severity_number\":9,\"severity_text\":\"INFO\"", "\"1\"", ""), "time_unix_nano must be an integer");
    rejects(line(",\"observed_time_unix_nano\":1e9"), "observed_time_unix_nano must be an integer");
    rejects(line("\"severity_number\":9,\"severity_text\":\"INFO\"", "9223372036854775808", ""),
        "integer 9223372036854775808 in time_unix_nano is outside int64");
  }

  @Test
  void rejectsNumbersOutsideDoubleRange() {
    rejects(line(",\"attributes\":{\"x\":[1,1e309]}"), "number 1e309 in attributes.x[1] is outside double range");
    rejects(line(",\"attributes\":{\"x\":-1.8e308}"), "attributes.x", "double range");
  }

  @Test
  void rejectsIntegersOutsideInt64() {
    rejects(line(",\"attributes\":{\"n\":-9223372036854775809}"), "attributes.n", "outside int64");
  }

  @Test
  void rejectsDuplicateKeys() {
    rejects(line(",\"attributes\":{\"a\":1,\"a\":2}"), "duplicate key 'a' in attributes");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      many.append("\"k").append(i).append("\":1,");
    }
    rejects(line(",\"attributes\":{\"m\":{" + many + "\"k3\":2}}"), "duplicate key 'k3' in attributes.m");
    rejects(line(",\"body\":\"again\""), "duplicate field 'body'");
  }

  @Test
  void rejectsUnknownFields() {
    rejects(line(",\"level\":\"info\""), "unknown field 'level'");
    rejects(line(",\"resource\":{\"attributes\":{},\"x\":1}"), "unknown field 'resource.x'");
    rejects("{\"body\":\"b\",\"instrumentation_scope\":{\"name\":\"r\",\"v\":1},\"severity_number\":9,"
        + "\"severity_text\":\"INFO\",\"time_unix_nano\":1}", "unknown field 'instrumentation_scope.v'");
  }

  @Test
  void rejectsWrongShapes() {
    rejects(line(",\"attributes\":[1]"), "attributes must be an object");
    rejects(line(",\"trace_flags\":256"), "trace_flags 256");
    rejects("[1]", "expected a JSON object");
  }

  @Test
  void limitsNesting() {
    String deep = "[".repeat(600) + "]".repeat(600);
    rejects(line(",\"attributes\":{\"d\":" + deep + "}"), "nested deeper than");
  }
}
