package dev.dagstack.logger.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden lines, one per rule of CONTRACT §1. */
class JsonLinesEncoderTest {

  private static final String TAIL =
      ",\"instrumentation_scope\":{\"name\":\"root\"},\"severity_number\":9,"
          + "\"severity_text\":\"INFO\",\"time_unix_nano\":1}";

  private static LogRecord.Builder minimal() {
    return LogRecord.builder().timeUnixNano(1).body("");
  }

  /** The line of a record whose only non-default part is {@code attrs}. */
  private static String withAttributes(Attrs attrs) {
    return JsonLinesEncoder.encode(minimal().attributes(attrs).build());
  }

  private static String attributesLine(String attributesJson) {
    return "{\"attributes\":" + attributesJson + ",\"body\":\"\"" + TAIL;
  }

  @Test
  void minimalRecordOmitsEveryOptionalField() {
    assertThat(JsonLinesEncoder.encode(minimal().build())).isEqualTo("{\"body\":\"\"" + TAIL);
  }

  @Test
  void fullRecordHasTopLevelKeysInUtf16Order() {
    LogRecord r = LogRecord.builder()
        .timeUnixNano(1_795_256_130_123_456_789L)
        .observedTimeUnixNano(1_795_256_130_123_456_790L)
        .severityNumber(10)
        .body("request received")
        .attributes(Attrs.of("user.id", 42, "request.id", "req-abc"))
        .resource(Resource.of(Attrs.of("service.name", "orders")))
        .instrumentationScope(new InstrumentationScope("order_service.api", "1.0.0",
            Attrs.of("lib", "x")))
        .traceId("0af7651916cd43dd8448eb211c80319c")
        .spanId("b7ad6b7169203331")
        .traceFlags(1)
        .build();
    assertThat(JsonLinesEncoder.encode(r)).isEqualTo("{\"attributes\":{\"request.id\":\"req-abc\","
        + "\"user.id\":42},\"body\":\"request received\",\"instrumentation_scope\":{\"attributes\":"
        + "{\"lib\":\"x\"},\"name\":\"order_service.api\",\"version\":\"1.0.0\"},"
        + "\"observed_time_unix_nano\":1795256130123456790,\"resource\":{\"attributes\":"
        + "{\"service.name\":\"orders\"}},\"severity_number\":10,\"severity_text\":\"INFO\","
        + "\"span_id\":\"b7ad6b7169203331\",\"time_unix_nano\":1795256130123456789,"
        + "\"trace_flags\":1,\"trace_id\":\"0af7651916cd43dd8448eb211c80319c\"}");
  }

  @Test
  void observedTimeFallbackOnlyWhenAbsent() {
    JsonLinesEncoder encoder = new JsonLinesEncoder();
    encoder.append(minimal().build(), 77);
    encoder.append(minimal().observedTimeUnixNano(5L).build(), 77);
    encoder.append(minimal().build());
    String tailWithout = TAIL.substring(0, TAIL.indexOf(",\"severity_number"));
    String rest = TAIL.substring(TAIL.indexOf(",\"severity_number"));
    assertThat(new String(encoder.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"body\":\"\"" + tailWithout + ",\"observed_time_unix_nano\":77" + rest + "\n"
            + "{\"body\":\"\"" + tailWithout + ",\"observed_time_unix_nano\":5" + rest + "\n"
            + "{\"body\":\"\"" + TAIL + "\n");
  }

  @Test
  void keysSortByUtf16CodeUnitsNotCodePoints() {
    // U+1F600 is D83D DE00 in UTF-16, so it sorts before U+FF61 although its code point is larger.
    assertThat(withAttributes(Attrs.of("\uFF61", 1, "\uD83D\uDE00", 2, "a", 3, "B", 4)))
        .isEqualTo(attributesLine("{\"B\":4,\"a\":3,\"😀\":2,\"｡\":1}"));
  }

  @Test
  void largeMapsAreSortedToo() {
    Attrs.Builder builder = Attrs.builder();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      keys.add("k" + i);
    }
    Collections.shuffle(keys, new java.util.Random(7));
    keys.forEach(k -> builder.put(k, 1));
    List<String> sorted = new ArrayList<>(keys);
    Collections.sort(sorted);
    StringBuilder expected = new StringBuilder("{");
    for (String k : sorted) {
      expected.append(expected.length() > 1 ? "," : "").append('"').append(k).append("\":1");
    }
    assertThat(withAttributes(builder.build())).isEqualTo(attributesLine(expected + "}"));
  }

  @Test
  void oneEncoderWritesRepeatedKeysAndLongStringsAsAFreshOneDoes() {
    // The encoder keeps the encoded form of keys it has seen; every line must still be exact.
    JsonLinesEncoder encoder = new JsonLinesEncoder();
    List<LogRecord> records = new ArrayList<>();
    String longValue = "x".repeat(1500) + "\u00e9\"" + "y".repeat(600);
    for (int i = 0; i < 3; i++) {
      records.add(minimal().attributes(Attrs.of("order.id", i, "q\"é\n", "v",
          "order.item", longValue, "nested", Map.of("order.id", "inner", "q\"é\n", i))).build());
    }
    for (int i = 0; i < 2_000; i++) { // more keys than remembered slots: collisions and misses
      records.add(minimal().attributes(Attrs.of("key." + i, i, "k" + (i % 7), "\u20ac" + i))
          .build());
    }
    // The same keys in other orders and as other instances; scopes, resources and severities
    // that alternate (their encoded form is remembered by identity).
    Resource resource = Resource.of(Attrs.of("service.name", "svc", "a", 1));
    for (int i = 0; i < 40; i++) {
      String b = new String(new char[] {'b'});
      Attrs attrs = i % 2 == 0 ? Attrs.of("c", 1, b, 2, "a", 3) : Attrs.of("a", 1, "c", 2, b, 3);
      records.add(minimal().attributes(attrs).severityNumber(1 + i % 24)
          .instrumentationScope(InstrumentationScope.of("scope." + i % 3, i % 2 == 0 ? null : "1"))
          .resource(i % 4 == 0 ? Resource.empty() : resource).build());
    }
    StringBuilder expected = new StringBuilder();
    for (LogRecord record : records) {
      encoder.append(record);
      expected.append(JsonLinesEncoder.encode(record)).append('\n');
    }
    assertThat(new String(encoder.toByteArray(), StandardCharsets.UTF_8))
        .isEqualTo(expected.toString());
    assertThat(expected.toString()).contains("\"q\\\"é\\n\":\"v\"")
        .contains("\"order.item\":\"" + "x".repeat(1500) + "é\\\"y");
  }

  @Test
  void integersAreWrittenAsLongToStringDoesAtEveryDigitBoundary() {
    List<Long> values = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1,
        Long.MAX_VALUE, 0L, -1L, 1_795_306_096_373_994_142L));
    for (long power = 1; power > 0 && power <= Long.MAX_VALUE / 10; power *= 10) {
      values.addAll(List.of(power - 1, power, power + 1, -power, 10 * power - 1));
    }
    for (long value : values) {
      assertThat(withAttributes(Attrs.of("n", value)))
          .isEqualTo(attributesLine("{\"n\":" + value + "}"));
    }
  }

  @Test
  void escapesOnlyTheCanonicalSet() {
    String all = "q\" b\\ \b\f\n\r\t \u0000\u001f / \u007f \u2028\u2029 é € 😀";
    assertThat(withAttributes(Attrs.of("s", all))).isEqualTo(attributesLine(
        "{\"s\":\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0000\\u001f / \u007f \u2028\u2029 é € 😀\"}"));
  }

  @Test
  void loneSurrogatesAreEscapedInLowercaseHex() {
    assertThat(withAttributes(Attrs.of("s", "a\uD83Db\uDE00", "\uDBFF", 1))).isEqualTo(
        attributesLine("{\"s\":\"a\\ud83db\\ude00\",\"\\udbff\":1}"));
  }

  @Test
  void writesNonAsciiAsRawUtf8() {
    String line = withAttributes(Attrs.of("k", "é€😀"));
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    JsonLinesEncoder encoder = new JsonLinesEncoder();
    encoder.append(minimal().attributes(Attrs.of("k", "é€😀")).build());
    assertThat(encoder.size()).isEqualTo(bytes.length + 1);
    assertThat(line).contains("\"é€😀\"");
  }

  @Test
  void integersAndTimestampsArePlainInt64() {
    LogRecord r = LogRecord.builder().timeUnixNano(Long.MAX_VALUE).body(Long.MAX_VALUE)
        .attributes(Attrs.of("min", Long.MIN_VALUE, "byte", (byte) -1, "big",
            java.math.BigInteger.valueOf(Long.MAX_VALUE)))
        .build();
    assertThat(JsonLinesEncoder.encode(r)).isEqualTo("{\"attributes\":{\"big\":9223372036854775807,"
        + "\"byte\":-1,\"min\":-9223372036854775808},\"body\":9223372036854775807,"
        + "\"instrumentation_scope\":{\"name\":\"root\"},\"severity_number\":9,\"severity_text\":"
        + "\"INFO\",\"time_unix_nano\":9223372036854775807}");
  }

  @Test
  void doublesAreShortestInPythonReprLayout() {
    assertThat(withAttributes(Attrs.of("a", -0.0, "b", 1e-5, "c", 1e16, "d", 5e-324, "e", 1.0)))
        .isEqualTo(attributesLine("{\"a\":0.0,\"b\":1e-05,\"c\":1e+16,\"d\":5e-324,\"e\":1.0}"));
    assertThat(withAttributes(Attrs.of("a", 2e23, "b", 0.1f, "c", 100.0, "d", 1.7976931348623157e308)))
        .isEqualTo(attributesLine(
            "{\"a\":2e+23,\"b\":0.10000000149011612,\"c\":100.0,\"d\":1.7976931348623157e+308}"));
  }

  @Test
  void nanAndInfinitiesAreStrings() {
    assertThat(withAttributes(Attrs.of("a", Double.NaN, "b", Double.POSITIVE_INFINITY, "c",
        Double.NEGATIVE_INFINITY))).isEqualTo(
            attributesLine("{\"a\":\"NaN\",\"b\":\"Infinity\",\"c\":\"-Infinity\"}"));
  }

  @Test
  void nestedValuesAndEmptyContainers() {
    assertThat(withAttributes(Attrs.of("m", Map.of("z", List.of(1, true, Map.of()), "a", List.of()),
        "n", null))).isEqualTo(attributesLine("{\"m\":{\"a\":[],\"z\":[1,true,{}]},\"n\":null}"));
  }

  @Test
  void deepNestingIsWrittenInFull() {
    Object value = "leaf";
    StringBuilder expected = new StringBuilder("\"leaf\"");
    for (int i = 0; i < 200; i++) {
      value = i % 2 == 0 ? Attrs.of("k", value) : List.of(value);
      expected.insert(0, i % 2 == 0 ? "{\"k\":" : "[").append(i % 2 == 0 ? "}" : "]");
    }
    assertThat(withAttributes(Attrs.of("deep", value)))
        .isEqualTo(attributesLine("{\"deep\":" + expected + "}"));
  }

  @Test
  void structuredBodiesAreCanonicalToo() {
    LogRecord r = minimal().body(Map.of("b", 1.5, "a", "x")).build();
    assertThat(JsonLinesEncoder.encode(r)).isEqualTo("{\"body\":{\"a\":\"x\",\"b\":1.5}" + TAIL);
  }

  @Test
  void emptyScopeAttributesAndResourceAreOmittedZeroFlagsToo() {
    LogRecord r = minimal().resource(Resource.of(Attrs.empty()))
        .instrumentationScope(new InstrumentationScope("root", null, Attrs.empty())).traceFlags(0)
        .build();
    assertThat(JsonLinesEncoder.encode(r)).isEqualTo("{\"body\":\"\"" + TAIL);
  }

  @Test
  void bufferIsReusableAndWrittenInOneGo() throws IOException {
    JsonLinesEncoder encoder = new JsonLinesEncoder();
    for (int i = 0; i < 100; i++) {
      encoder.append(minimal().attributes(Attrs.of("i", i, "s", "x".repeat(i * 10))).build());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encoder.writeTo(out);
    assertThat(out.toByteArray()).isEqualTo(encoder.toByteArray());
    assertThat(out.toString(StandardCharsets.UTF_8).split("\n")).hasSize(100);
    encoder.reset();
    assertThat(encoder.size()).isZero();
    encoder.append(minimal().build());
    assertThat(new String(encoder.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("{\"body\":\"\"" + TAIL + "\n");
  }
}
