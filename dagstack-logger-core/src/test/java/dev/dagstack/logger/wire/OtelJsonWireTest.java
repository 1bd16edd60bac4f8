package dev.dagstack.logger.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Resource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OtelJsonWireTest {

  static LogRecord fullRecord() {
    return new LogRecord(1_764_547_200_123_456_789L, 1_764_547_200_223_456_789L, 10,
        "order placed",
        Attrs.of("order.id", "o-42", "amount", 12.5, "qty", 3L, "paid", true, "nothing", null,
            "tags", List.of("x", 1e-5), "detail", Attrs.of("inner", Double.NaN, "e", Attrs.empty()),
            "empty", List.of()),
        Resource.of(Attrs.of("service.name", "orders")),
        new InstrumentationScope("order_service.api", "2.0", Attrs.of("scope.attr", "s")),
        "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", 1);
  }

  static final String FULL_LINE = "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
      + "\"value\":{\"stringValue\":\"orders\"}}]},\"scopeLogs\":[{\"scope\":{\"name\":\"order_service.api\","
      + "\"version\":\"2.0\",\"attributes\":[{\"key\":\"scope.attr\",\"value\":{\"stringValue\":\"s\"}}]},"
      + "\"logRecords\":[{\"timeUnixNano\":\"1764547200123456789\",\"observedTimeUnixNano\":\"1764547200223456789\","
      + "\"severityNumber\":10,\"severityText\":\"INFO\",\"body\":{\"stringValue\":\"order placed\"},"
      + "\"attributes\":[{\"key\":\"amount\",\"value\":{\"doubleValue\":12.5}},"
      + "{\"key\":\"detail\",\"value\":{\"kvlistValue\":{\"values\":[{\"key\":\"e\",\"value\":{\"kvlistValue\":{}}},"
      + "{\"key\":\"inner\",\"value\":{\"doubleValue\":\"NaN\"}}]}}},"
      + "{\"key\":\"empty\",\"value\":{\"arrayValue\":{}}},"
      + "{\"key\":\"nothing\",\"value\":{}},"
      + "{\"key\":\"order.id\",\"value\":{\"stringValue\":\"o-42\"}},"
      + "{\"key\":\"paid\",\"value\":{\"boolValue\":true}},"
      + "{\"key\":\"qty\",\"value\":{\"intValue\":\"3\"}},"
      + "{\"key\":\"tags\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"x\"},{\"doubleValue\":1e-05}]}}}],"
      + "\"flags\":1,\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\"}]}]}]}";

  @Test
  void aFullRecordHasTheDocumentedLayout() throws WireFormatException {
    assertThat(OtelJsonEncoder.encode(fullRecord())).isEqualTo(FULL_LINE);
    LogRecord parsed = OtelJsonParser.parse(FULL_LINE);
    assertThat(parsed.attributes().get("qty")).isEqualTo(3L);
    assertThat(parsed.attributes().get("tags")).isEqualTo(List.of("x", 1e-5));
    assertThat(((Attrs) parsed.attributes().get("detail")).get("inner")).isEqualTo(Double.NaN);
    assertThat(parsed.instrumentationScope()).isEqualTo(fullRecord().instrumentationScope());
    assertThat(parsed.resource()).isEqualTo(fullRecord().resource());
    assertThat(OtelJsonEncoder.encode(parsed)).isEqualTo(FULL_LINE);
  }

  @Test
  void aMinimalRecordOmitsAbsentFields() throws WireFormatException {
    LogRecord record = LogRecord.builder().timeUnixNano(5).severityNumber(17).body(null).build();
    String line = OtelJsonEncoder.encode(record);
    assertThat(line).isEqualTo("{\"resourceLogs\":[{\"resource\":{},\"scopeLogs\":[{\"scope\":{\"name\":\"root\"},"
        + "\"logRecords\":[{\"timeUnixNano\":\"5\",\"severityNumber\":17,\"severityText\":\"ERROR\"}]}]}]}");
    assertThat(OtelJsonParser.parse(line)).isEqualTo(record);
  }

  /**
   * OTLP reads 0 as "not set"; the strict wire keeps what the line says (§12 round-trip), so a
   * zero observed time stays 0 rather than becoming absent, and re-emits byte-identical.
   */
  @Test
  void aZeroObservedTimeIsKeptAsZeroAndReEmittedAsIs() throws WireFormatException {
    String line = "{\"resourceLogs\":[{\"resource\":{},\"scopeLogs\":[{\"scope\":{\"name\":\"root\"},"
        + "\"logRecords\":[{\"timeUnixNano\":\"5\",\"observedTimeUnixNano\":\"0\",\"severityNumber\":17,"
        + "\"severityText\":\"ERROR\"}]}]}]}";
    LogRecord parsed = OtelJsonParser.parse(line);
    assertThat(parsed.observedTimeUnixNano()).isZero();
    assertThat(OtelJsonEncoder.encode(parsed)).isEqualTo(line);
  }

  @Test
  void theEncoderBufferMatchesTheStaticFormAndFillsTheObservedTime() {
    OtelJsonEncoder encoder = new OtelJsonEncoder();
    LogRecord record = LogRecord.builder().timeUnixNano(5).build();
    encoder.append(record, 77);
    encoder.append(fullRecord());
    String expected = OtelJsonEncoder.encode(record.toBuilder().observedTimeUnixNano(77L).build())
        + "\n" + FULL_LINE + "\n";
    assertThat(new String(encoder.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @Test
  void encodeParseEncodeIsIdenticalOverRandomRecords() throws WireFormatException {
    long seed = Long.getLong("roundtrip.seed", new Random().nextLong());
    Random random = new Random(seed);
    for (int i = 0; i < 3_000; i++) {
      LogRecord record = RoundTripPropertyTest.randomRecord(random);
      String line = OtelJsonEncoder.encode(record);
      String again;
      try {
        again = OtelJsonEncoder.encode(OtelJsonParser.parse(line));
      } catch (WireFormatException | RuntimeException e) {
        throw new AssertionError("seed " + seed + ", record " + i + ": " + line, e);
      }
      assertThat(again).as("seed %d, record %d", seed, i).isEqualTo(line);
      // Both wires carry the same record.
      assertThat(JsonLinesEncoder.encode(OtelJsonParser.parse(line)))
          .isEqualTo(JsonLinesEncoder.encode(record));
    }
  }

  @Test
  void linesOfOtherOtlpToolsParseWithSeveralRecordsAndLaxerNumbers() throws WireFormatException {
    String line = "{ \"resourceLogs\": [ {\"scopeLogs\": [ {\"scope\": {\"name\": \"a\"}, \"logRecords\": ["
        + "{\"timeUnixNano\": 1, \"severityNumber\": 9, \"body\": {\"intValue\": 42}, \"traceId\": \"\", \"spanId\": \"\"},"
        + "{\"timeUnixNano\": \"2\", \"severityNumber\": 13, \"body\": {\"doubleValue\": 3},"
        + " \"attributes\": [{\"key\": \"k\"}, {\"key\": \"l\", \"value\": {\"arrayValue\": {\"values\": []}}}]}"
        + "]}]}]}";
    List<LogRecord> records = OtelJsonParser.parseAll(line);
    assertThat(records).hasSize(2);
    assertThat(records.get(0).body()).isEqualTo(42L);
    assertThat(records.get(0).severityText()).isEqualTo("INFO");
    assertThat(records.get(0).traceId()).isNull();
    assertThat(records.get(1).body()).isEqualTo(3.0);
    assertThat(records.get(1).attributes()).isEqualTo(Attrs.of("k", null, "l", List.of()));
    assertThatThrownBy(() -> OtelJsonParser.parse(line))
        .hasMessage("expected one log record in the line, found 2");
  }

  @Test
  void badLinesAreRejectedWithTheirPath() {
    String record = "resourceLogs[0].scopeLogs[0].logRecords[0].";
    assertRejected(FULL_LINE.replace("\"severityNumber\":10", "\"severityNumber\":25"),
        record + "severityNumber 25 is outside 1..24");
    assertRejected(FULL_LINE.replace("\"severityText\":\"INFO\"", "\"severityText\":\"WARN\""),
        record + "severityText 'WARN' does not match severityNumber 10 (expected 'INFO')");
    assertRejected(FULL_LINE.replace("\"timeUnixNano\":\"1764547200123456789\"", "\"timeUnixNano\":\"1.5\""),
        record + "timeUnixNano must be an integer (a decimal string), got '1.5'");
    assertRejected(FULL_LINE.replace("\"timeUnixNano\":\"1764547200123456789\",", ""),
        "missing " + record + "timeUnixNano");
    assertRejected(FULL_LINE.replace("4bf92f3577b34da6a3ce929d0e0e4736", "4BF92F3577B34DA6A3CE929D0E0E4736"),
        record + "traceId must be 32 lowercase hex characters, not all zeros; got '4BF92F3577B34DA6A3CE929D0E0E4736'");
    assertRejected(FULL_LINE.replace("00f067aa0ba902b7", "00f067aa"),
        record + "spanId must be 16 lowercase hex characters, not all zeros; got '00f067aa'");
    assertRejected(FULL_LINE.replace("\"flags\":1", "\"flags\":256"),
        record + "flags must be an integer in 0..255, got 256");
    assertRejected(FULL_LINE.replace("\"scope\":{\"name\":\"order_service.api\",", "\"scope\":{"),
        "missing resourceLogs[0].scopeLogs[0].scope.name");
    assertRejected(FULL_LINE.replace("{\"stringValue\":\"orders\"}", "{\"bytesValue\":\"AA==\"}"),
        "resourceLogs[0].resource.attributes[0].value.bytesValue is not supported: the dagstack value model has no bytes");
    assertRejected(FULL_LINE.replace("{\"boolValue\":true}", "{\"boolValue\":true,\"intValue\":\"1\"}"),
        record + "attributes[5].value must have exactly one value field, got [boolValue, intValue]");
    assertRejected(FULL_LINE.replace("\"intValue\":\"3\"", "\"intValue\":\"99999999999999999999\""),
        record + "attributes[6].value.intValue 99999999999999999999 is outside int64");
    assertRejected(FULL_LINE.replace("\"key\":\"qty\"", "\"key\":\"paid\""),
        "duplicate key 'paid' in " + record + "attributes");
    assertRejected(FULL_LINE.replace("\"flags\":1,", "\"flags\":1,\"eventName\":\"x\","),
        "unknown field '" + record + "eventName'");
    assertRejected(FULL_LINE.substring(0, 40), "invalid JSON at column 41 (in resourceLogs[0].resource): unterminated string");
    assertRejected("[]", "the line must be an object, got a list");
  }

  private static void assertRejected(String line, String message) {
    assertThatThrownBy(() -> OtelJsonParser.parseAll(line))
        .isInstanceOf(WireFormatException.class).hasMessage(message);
  }

  @Test
  void wireFormatNamesParse() {
    assertThat(WireFormat.parse("OTEL_JSON")).isEqualTo(WireFormat.OTEL_JSON);
    assertThat(WireFormat.parse("jsonl")).isEqualTo(WireFormat.JSON);
    assertThatThrownBy(() -> WireFormat.parse("xml"))
        .hasMessage("invalid wire format 'xml': expected one of json, otel-json");
  }

  @Test
  void aDeferredLineAppendedWithItsBatchTimeIsTheDirectLine() {
    Random random = new Random(11);
    OtelJsonEncoder caller = new OtelJsonEncoder();
    OtelJsonEncoder worker = new OtelJsonEncoder();
    for (int i = 0; i < 1_000; i++) {
      LogRecord record = RoundTripPropertyTest.randomRecord(random);
      long batchTime = i % 3 == 0 ? i : random.nextLong() & Long.MAX_VALUE;
      worker.reset();
      worker.appendDeferred(caller.encodeDeferred(record, Integer.MAX_VALUE), batchTime);
      OtelJsonEncoder direct = new OtelJsonEncoder();
      direct.append(record, batchTime);
      assertThat(worker.toByteArray()).as("record %d", i).isEqualTo(direct.toByteArray());
    }
  }


  @Test
  void valuesNestedToTheDepthLimitRoundTripOnAnOrdinaryThread() throws Exception {
    // An OTel JSON map level is four JSON levels ({"kvlistValue":{"values":[{"value":...), a
    // list level three: values are cut deeper than OtelJsonEncoder.MAX_DEPTH, so the line's
    // JSON stays within what the reader reads on an ordinary thread's stack.
    Object map = "leaf";
    Object list = "leaf";
    for (int i = 0; i < CanonicalJsonWriter.MAX_DEPTH + 50; i++) {
      map = Attrs.of("k", map);
      list = List.of(list);
    }
    LogRecord record = LogRecord.builder().timeUnixNano(1L).body(list)
        .attributes(Attrs.of("deep", map)).build();
    String line = OtelJsonEncoder.encode(record);
    java.util.concurrent.atomic.AtomicReference<Object> result =
        new java.util.concurrent.atomic.AtomicReference<>();
    // A thread of the JVM's default stack size, as the viewer's and the CLI's readers run on.
    Thread reader = new Thread(() -> {
      try {
        result.set(OtelJsonEncoder.encode(OtelJsonParser.parse(line)));
      } catch (Throwable e) {
        result.set(e);
      }
    });
    reader.start();
    reader.join();
    assertThat(result.get()).isEqualTo(line);
    assertThat(line).contains(dev.dagstack.logger.record.Values.DEPTH_EXCEEDED);
  }


  @Test
  void aNegativeTimeIsRejectedAsTheJsonLinesParserRejectsIt() {
    String line = OtelJsonEncoder.encode(LogRecord.builder().timeUnixNano(7).body("b").build())
        .replace("\"timeUnixNano\":\"7\"", "\"timeUnixNano\":\"-7\"");
    assertThatThrownBy(() -> OtelJsonParser.parse(line))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("time_unix_nano must be 0 or more");
  }

}
