package dev.dagstack.logger.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Resource;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.OverflowPolicy;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OtlpSinkTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  private static final Duration FLUSH = Duration.ofSeconds(10);

  /** The SDK's exporters log their own failures through JUL; the tests assert on ours. */
  private static final java.util.logging.Logger SDK_LOG = java.util.logging.Logger.getLogger("io.opentelemetry");

  static {
    SDK_LOG.setLevel(java.util.logging.Level.OFF);
  }

  private OutputStream previousDiagnostics;
  private Diagnostics.Capture diagnostics;

  @BeforeEach
  void quietDiagnostics() {
    previousDiagnostics = Diagnostics.redirect(new ByteArrayOutputStream());
    diagnostics = Diagnostics.capture();
  }

  @AfterEach
  void restoreDiagnostics() {
    diagnostics.close();
    Diagnostics.redirect(previousDiagnostics);
  }

  /** A record with every field set, body and attributes of every value type. */
  static LogRecord fullRecord() {
    Attrs nested = Attrs.of("inner", 7L, "list", List.of("a", 2L, 2.5, true));
    return new LogRecord(1_764_547_200_123_456_789L, 1_764_547_200_223_456_789L, 10,
        Attrs.of("event", "order placed", "count", 3L),
        Attrs.of("order.id", "o-42", "amount", 12.5, "qty", 3L, "paid", true,
            "nothing", null, "tags", List.of("x", "y"), "detail", nested,
            "big", Long.MIN_VALUE),
        Resource.of(Attrs.of("service.name", "orders", "service.version", "1.4.2")),
        new InstrumentationScope("order_service.api", "2.0", Attrs.of("scope.attr", "s")),
        TRACE_ID, SPAN_ID, 1);
  }

  @Test
  void everyFieldArrivesOverHttp() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0);
        OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint()).build()) {
      sink.emit(fullRecord());
      assertThat(sink.flush(FLUSH).success()).isTrue();
      OtlpReceiver.Request request = receiver.take();
      assertThat(request.contentEncoding()).isNull();
      assertFullRecord(request);
    }
  }

  @Test
  void everyFieldArrivesOverGrpc() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.grpc();
        OtlpSink sink = OtlpSink.builder().protocol(OtlpProtocol.GRPC)
            .endpoint(receiver.endpoint()).build()) {
      sink.emit(fullRecord());
      assertThat(sink.flush(FLUSH).success()).isTrue();
      assertFullRecord(receiver.take());
    }
  }

  @Test
  void gzipCompressedBodiesDecodeToTheSameRecord() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0);
        OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint()).compression("gzip")
            .header("Authorization", "Bearer t0k").build()) {
      sink.emit(fullRecord());
      assertThat(sink.flush(FLUSH).success()).isTrue();
      OtlpReceiver.Request request = receiver.take();
      assertThat(request.contentEncoding()).isEqualTo("gzip");
      assertThat(request.headers().get("Authorization")).containsExactly("Bearer t0k");
      assertFullRecord(request);
    }
  }

  private static void assertFullRecord(OtlpReceiver.Request request) {
    assertThat(request.body().getResourceLogsCount()).isEqualTo(1);
    ResourceLogs resourceLogs = request.body().getResourceLogs(0);
    assertThat(resourceLogs.getResource().getAttributesList()).containsExactlyInAnyOrder(
        kv("service.name", str("orders")), kv("service.version", str("1.4.2")));
    ScopeLogs scopeLogs = resourceLogs.getScopeLogs(0);
    assertThat(scopeLogs.getScope().getName()).isEqualTo("order_service.api");
    assertThat(scopeLogs.getScope().getVersion()).isEqualTo("2.0");
    assertThat(scopeLogs.getScope().getAttributesList()).containsExactly(kv("scope.attr", str("s")));
    assertThat(scopeLogs.getLogRecordsCount()).isEqualTo(1);
    io.opentelemetry.proto.logs.v1.LogRecord r = scopeLogs.getLogRecords(0);
    assertThat(r.getTimeUnixNano()).isEqualTo(1_764_547_200_123_456_789L);
    assertThat(r.getObservedTimeUnixNano()).isEqualTo(1_764_547_200_223_456_789L);
    assertThat(r.getSeverityNumberValue()).isEqualTo(10);
    assertThat(r.getSeverityText()).isEqualTo("INFO");
    assertThat(r.getBody()).isEqualTo(kvlist(kv("event", str("order placed")), kv("count", integer(3))));
    assertThat(r.getAttributesList()).containsExactlyInAnyOrder(
        kv("order.id", str("o-42")),
        kv("amount", AnyValue.newBuilder().setDoubleValue(12.5).build()),
        kv("qty", integer(3)),
        kv("paid", AnyValue.newBuilder().setBoolValue(true).build()),
        kv("nothing", AnyValue.getDefaultInstance()),
        kv("tags", array(str("x"), str("y"))),
        kv("detail", kvlist(kv("inner", integer(7)), kv("list", array(str("a"), integer(2),
            AnyValue.newBuilder().setDoubleValue(2.5).build(),
            AnyValue.newBuilder().setBoolValue(true).build())))),
        kv("big", integer(Long.MIN_VALUE)));
    assertThat(r.getTraceId()).isEqualTo(ByteString.copyFrom(HexFormat.of().parseHex(TRACE_ID)));
    assertThat(r.getSpanId()).isEqualTo(ByteString.copyFrom(HexFormat.of().parseHex(SPAN_ID)));
    assertThat(r.getFlags()).isEqualTo(1);
  }

  @Test
  void deepValuesAreCutSoTheReceiverParsesTheBatchAndItsOtherRecords() throws Exception {
    // 50 levels of maps and of lists: beyond the 100 protobuf levels a receiver parses by
    // default, which refused the whole request (the records beside it were lost with it).
    Object map = "leaf";
    Object list = "leaf";
    for (int i = 0; i < 50; i++) {
      map = Attrs.of("k", map);
      list = List.of(list);
    }
    try (OtlpReceiver receiver = OtlpReceiver.http(0);
        OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint()).build()) {
      sink.emit(LogRecord.builder().body("before").build());
      sink.emit(LogRecord.builder().body(list).attributes(Attrs.of("deep", map)).build());
      sink.emit(LogRecord.builder().body("after").build());
      assertThat(sink.flush(FLUSH).success()).isTrue();
      List<io.opentelemetry.proto.logs.v1.LogRecord> records = receiver.take().records();
      assertThat(records).hasSize(3);
      AnyValue value = records.get(1).getAttributes(0).getValue();
      int levels = 0;
      while (value.hasKvlistValue()) {
        value = value.getKvlistValue().getValues(0).getValue();
        levels++;
      }
      assertThat(levels).isEqualTo(OtlpLogRecordData.MAX_DEPTH);
      assertThat(value.getStringValue()).isEqualTo(dev.dagstack.logger.record.Values.DEPTH_EXCEEDED);
      AnyValue body = records.get(1).getBody();
      levels = 0;
      while (body.hasArrayValue()) {
        body = body.getArrayValue().getValues(0);
        levels++;
      }
      assertThat(levels).isEqualTo(OtlpLogRecordData.MAX_DEPTH);
      assertThat(records.get(2).getBody().getStringValue()).isEqualTo("after");
    }
  }

  @Test
  void aRecordLargerThanMaxRecordBytesIsCutSoItsBatchArrives() throws Exception {
    String huge = "x".repeat(3 << 20);
    try (OtlpReceiver receiver = OtlpReceiver.http(0);
        OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint()).build()) {
      sink.emit(LogRecord.builder().body("before").build());
      sink.emit(LogRecord.builder().body("big").attributes(Attrs.of("payload", huge, "id", 7))
          .build());
      sink.emit(LogRecord.builder().body("after").build());
      assertThat(sink.flush(FLUSH).success()).isTrue();
      List<io.opentelemetry.proto.logs.v1.LogRecord> records = receiver.take().records();
      assertThat(records).extracting(r -> r.getBody().getStringValue())
          .containsExactly("before", "big", "after");
      String payload = records.get(1).getAttributes(0).getValue().getStringValue();
      assertThat(payload.length()).isLessThanOrEqualTo(OtlpSink.DEFAULT_MAX_RECORD_BYTES);
      assertThat(payload).startsWith("xxxx").contains("...<cut ");
      assertThat(records.get(1).getAttributes(1).getValue().getIntValue()).isEqualTo(7);
      assertThat(diagnostics.messages()).anySatisfy(m -> assertThat(m)
          .startsWith("record larger than 1048576 bytes (estimated) had its long strings cut"));
    }
  }

  @Test
  void aRecordThatCuttingItsValuesCannotShrinkIsSentAndSaidSo() throws Exception {
    // Keys are never cut: the report must not claim the record now fits.
    try (OtlpReceiver receiver = OtlpReceiver.http(0);
        OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint()).build()) {
      sink.emit(LogRecord.builder().body("big key")
          .attributes(Attrs.of("k".repeat(2 << 20), "v")).build());
      assertThat(sink.flush(FLUSH).success()).isTrue();
      assertThat(receiver.take().records()).hasSize(1);
      assertThat(diagnostics.messages()).anySatisfy(m -> assertThat(m).startsWith(
          "record larger than 1048576 bytes (estimated) is larger even with its string values"
              + " cut"));
    }
  }

  @Test
  void recordsWithoutSpanOrObservedTimeGetNoIdsAndTheExportTime() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0);
        OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint()).build()) {
      long before = System.currentTimeMillis() * 1_000_000L;
      sink.emit(LogRecord.builder().body("plain").build());
      assertThat(sink.flush(FLUSH).success()).isTrue();
      io.opentelemetry.proto.logs.v1.LogRecord r = receiver.take().records().get(0);
      assertThat(r.getTraceId()).isEmpty();
      assertThat(r.getSpanId()).isEmpty();
      assertThat(r.getFlags()).isZero();
      assertThat(r.getBody()).isEqualTo(str("plain"));
      assertThat(r.getObservedTimeUnixNano()).isGreaterThanOrEqualTo(before - 1_000_000L);
    }
  }

  @Test
  void batchesFillUpToMaxBatchSizeAndFlushSendsTheRest() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0);
        OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint())
            .maxBatchSize(3).scheduleDelay(Duration.ofMinutes(5)).build()) {
      for (int i = 0; i < 7; i++) {
        sink.emit(numbered(i));
      }
      // Two full batches go without waiting for the 5-minute delay.
      assertThat(receiver.take().records()).hasSize(3);
      assertThat(receiver.take().records()).hasSize(3);
      assertThat(sink.flush(FLUSH).success()).isTrue();
      OtlpReceiver.Request last = receiver.take();
      assertThat(last.records()).extracting(r -> r.getBody().getStringValue()).containsExactly("6");
      assertThat(receiver.drain()).isEmpty();
    }
  }

  @Test
  void aPartialBatchGoesAfterTheScheduleDelay() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0);
        OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint())
            .scheduleDelay(Duration.ofMillis(20)).build()) {
      sink.emit(numbered(1));
      // No flush: the worker sends the lone record once the delay has passed.
      assertThat(receiver.take().records()).hasSize(1);
    }
  }

  @Test
  void a503IsRetriedAndNothingIsLost() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0)) {
      receiver.answer(503);
      try (OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint())
          .backoff(Duration.ofMillis(10), Duration.ofMillis(20), 1.5).build()) {
        sink.emit(numbered(1));
        sink.emit(numbered(2));
        assertThat(sink.flush(FLUSH).success()).isTrue();
        List<OtlpReceiver.Request> attempts = List.of(receiver.take(), receiver.take());
        assertThat(attempts.get(0).body()).isEqualTo(attempts.get(1).body());
        assertThat(attempts.get(1).records()).extracting(r -> r.getBody().getStringValue())
            .containsExactly("1", "2");
        assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isZero();
        assertThat(diagnostics.messages()).isEmpty();
      }
    }
  }

  @Test
  void a503OverGrpcIsRetriedToo() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.grpc()) {
      receiver.answer(503);
      try (OtlpSink sink = OtlpSink.builder().protocol(OtlpProtocol.GRPC)
          .endpoint(receiver.endpoint())
          .backoff(Duration.ofMillis(10), Duration.ofMillis(20), 1.5).build()) {
        sink.emit(numbered(1));
        assertThat(sink.flush(FLUSH).success()).isTrue();
        receiver.take();
        assertThat(receiver.take().records()).hasSize(1);
        assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isZero();
      }
    }
  }

  @Test
  void aReceiverThatIsDownThenUpLosesOnlyTheFailedBatchAndIsReported() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    try (OtlpSink sink = OtlpSink.builder().endpoint("http://127.0.0.1:" + port + "/v1/logs")
        .backoff(Duration.ofMillis(10), Duration.ofMillis(20), 1.5).maxAttempts(2).build()) {
      for (int i = 0; i < 5; i++) {
        sink.emit(numbered(i));
      }
      assertThat(sink.flush(FLUSH).droppedCount()).isEqualTo(5);
      assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isEqualTo(5);
      assertThat(diagnostics.messages()).first().asString()
          .startsWith("cannot write to the OTLP endpoint http://127.0.0.1:" + port);
      try (OtlpReceiver receiver = OtlpReceiver.http(port)) {
        sink.emit(numbered(5));
        sink.emit(numbered(6));
        assertThat(sink.flush(FLUSH).success()).isTrue();
        assertThat(receiver.take().records()).extracting(r -> r.getBody().getStringValue())
            .containsExactly("5", "6");
        assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isEqualTo(5);
        assertThat(diagnostics.messages()).last().asString()
            .contains("works again; 5 records were dropped meanwhile");
      }
    }
  }

  @Test
  void aFullBufferDropsExactlyTheOverflowWhileTheReceiverIsSlow() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0)) {
      receiver.hold();
      try (OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint())
          .bufferSize(10).maxBatchSize(5).overflow(OverflowPolicy.DROP_NEWEST)
          .maxConcurrentExports(1).build()) {
        for (int i = 0; i < 5; i++) {
          sink.emit(numbered(i));
        }
        receiver.awaitFirstRequest();
        // The worker is stuck in the first export: 10 fit in the buffer, 7 more are dropped.
        for (int i = 5; i < 22; i++) {
          sink.emit(numbered(i));
        }
        assertThat(sink.droppedCount(DropReason.BUFFER_FULL)).isEqualTo(7);
        FlushResult stuck = sink.flush(Duration.ZERO);
        assertThat(stuck.success()).isFalse();
        assertThat(stuck.failedSinks().get(0).error()).contains("15 records pending");
        assertThat(stuck.droppedCount()).isEqualTo(7);
        receiver.open();
        assertThat(sink.flush(FLUSH).success()).isTrue();
        List<String> bodies = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
          receiver.take().records().forEach(r -> bodies.add(r.getBody().getStringValue()));
        }
        assertThat(bodies).containsExactly(
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14");
        assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isZero();
        assertThat(receiver.mostAtOnce()).isEqualTo(1);
      }
    }
  }

  @Test
  void emitsAfterCloseAreCountedAndCloseFlushes() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0)) {
      OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint())
          .scheduleDelay(Duration.ofMinutes(5)).build();
      sink.emit(numbered(1));
      sink.close();
      assertThat(receiver.take().records()).hasSize(1);
      sink.emit(numbered(2));
      assertThat(sink.droppedCount(DropReason.CLOSED)).isEqualTo(1);
    }
  }

  @Test
  void badSettingsAreRejectedWithTheirName() {
    assertThatThrownBy(() -> OtlpProtocol.parse("http/json"))
        .hasMessageContaining("'http/json' is not offered by the OpenTelemetry SDK");
    assertThatThrownBy(() -> OtlpProtocol.parse("udp"))
        .hasMessage("invalid OTLP protocol 'udp': expected one of http/protobuf, grpc");
    assertThatThrownBy(() -> OtlpSink.builder().endpoint("localhost:4318").build())
        .hasMessageContaining("invalid OTLP endpoint 'localhost:4318'");
    assertThatThrownBy(() -> OtlpSink.builder().compression("zstd").build())
        .hasMessageContaining("compression must be gzip or none, got 'zstd'");
    assertThatThrownBy(() -> OtlpSink.builder().maxAttempts(9).build())
        .hasMessageContaining("maxAttempts must be between 1 (no retry) and 5, got 9");
    assertThatThrownBy(() -> OtlpSink.builder().maxBatchSize(0).build())
        .hasMessageContaining("maxBatchSize must be at least 1, got 0");
    assertThatThrownBy(() -> OtlpSink.builder().trustedCertificates(java.nio.file.Path.of("/nonexistent/ca.pem")).build())
        .hasMessageContaining("cannot read trustedCertificates file /nonexistent/ca.pem: no such file");
    java.nio.file.Path folder = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
    assertThatThrownBy(() -> OtlpSink.builder().trustedCertificates(folder).build())
        .hasMessageContaining("cannot read trustedCertificates file " + folder
            + ": a directory, not a file");
  }

  @Test
  void queryParametersOfTheEndpointAreMaskedInTheIdAndTheShownEndpoint() {
    try (OtlpSink sink = OtlpSink.builder()
        .endpoint("http://127.0.0.1:1/v1/logs?api_key=s3cret&tenant=t1&debug").build()) {
      assertThat(sink.endpoint())
          .isEqualTo("http://127.0.0.1:1/v1/logs?api_key=***&tenant=***&debug");
      assertThat(sink.id()).isEqualTo("otlp:" + sink.endpoint());
    }
  }

  @Test
  void credentialsInTheEndpointNeverShowInTheIdOrDiagnostics() {
    try (OtlpSink sink = OtlpSink.builder().endpoint("http://user:s3cret@127.0.0.1:1/v1/logs")
        .maxAttempts(1).build()) {
      assertThat(sink.id()).isEqualTo("otlp:http://***@127.0.0.1:1/v1/logs");
      assertThat(sink.endpoint()).doesNotContain("s3cret");
      sink.emit(numbered(1));
      assertThat(sink.flush(FLUSH).droppedCount()).isEqualTo(1);
      assertThat(diagnostics.records().toString()).doesNotContain("s3cret").contains("***@127.0.0.1");
    }
  }

  @Test
  void theStandardVariablesSetEndpointProtocolHeadersAndTimeout() {
    OtlpSink.Builder builder = OtlpSink.builder().environment(Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/",
        "OTEL_EXPORTER_OTLP_HEADERS", "api-key=s%20e,tenant=a",
        "OTEL_EXPORTER_OTLP_LOGS_COMPRESSION", "gzip",
        "OTEL_EXPORTER_OTLP_TIMEOUT", "2500"));
    assertThat(builder.endpoint).isEqualTo("http://collector:4318/v1/logs");
    assertThat(builder.headers).containsExactly(Map.entry("api-key", "s e"), Map.entry("tenant", "a"));
    assertThat(builder.compression).isEqualTo("gzip");
    assertThat(builder.timeout).isEqualTo(Duration.ofMillis(2500));
    OtlpSink.Builder grpc = OtlpSink.builder().environment(Map.of(
        "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
        "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "https://logs:4317"));
    assertThat(grpc.protocol).isEqualTo(OtlpProtocol.GRPC);
    assertThat(grpc.endpoint).isEqualTo("https://logs:4317");
    assertThatThrownBy(() -> OtlpSink.builder().environment(Map.of("OTEL_EXPORTER_OTLP_TIMEOUT", "10s")))
        .hasMessage("OTEL_EXPORTER_OTLP_TIMEOUT must be a number of milliseconds, got '10s'");
    assertThatThrownBy(() -> OtlpSink.builder().environment(Map.of("OTEL_EXPORTER_OTLP_LOGS_PROTOCOL", "http/json")))
        .hasMessageStartingWith("OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: OTLP protocol 'http/json' is not offered");
  }

  // Several batches in flight (maxConcurrentExports), the receiver holding requests until released.

  /** A delay no test waits for: batches leave when full, or on flush and close. */
  private static final Duration NEVER = Duration.ofMinutes(5);

  @Test
  void upToMaxConcurrentExportsBatchesAreInFlightAndFlushWaitsForAllOfThem() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0)) {
      receiver.hold();
      try (OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint())
          .maxBatchSize(2).maxConcurrentExports(3).scheduleDelay(NEVER)
          .overflow(OverflowPolicy.BLOCK).build()) {
        emit(sink, 0, 6);
        // Three batches of two sent at once, all three held by the receiver.
        receiver.awaitArrivals(3);
        emit(sink, 6, 8);
        // The fourth batch waits for a free slot: it is still in the buffer, not sent. A flush
        // that does not wait reports the six in flight and the two queued as pending.
        assertThat(sink.bufferDepth()).isEqualTo(2);
        FlushResult inFlight = sink.flush(Duration.ZERO);
        assertThat(inFlight.success()).isFalse();
        assertThat(inFlight.failedSinks().get(0).error()).contains("8 records pending");

        receiver.open();
        assertThat(sink.flush(FLUSH).success()).isTrue();
        List<List<String>> batches = bodiesPerRequest(receiver, 4);
        // Never more than three requests at the receiver at once: the fourth went only after
        // an answer (counted by the receiver itself, not by waiting to see nothing arrive).
        assertThat(receiver.mostAtOnce()).isEqualTo(3);
        // Each batch keeps its records in order; batches in flight together arrive in any order.
        assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSize(2)
            .satisfies(b -> assertThat(Integer.parseInt(b.get(1)))
                .isEqualTo(Integer.parseInt(b.get(0)) + 1)));
        assertThat(batches.stream().flatMap(List::stream))
            .containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6", "7");
        for (DropReason reason : DropReason.values()) {
          assertThat(sink.droppedCount(reason)).as(reason.name()).isZero();
        }
      }
    }
  }

  @Test
  void byDefaultTwoBatchesAreInFlight() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0)) {
      receiver.hold();
      try (OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint())
          .maxBatchSize(1).scheduleDelay(NEVER).build()) {
        emit(sink, 0, 3);
        receiver.awaitArrivals(2);
        // The third batch waits in the buffer for an answer (with more in flight the worker
        // would have taken it at once); the receiver counts what it held at once.
        assertThat(sink.bufferDepth()).isEqualTo(1);
        assertThat(OtlpSink.DEFAULT_MAX_CONCURRENT_EXPORTS).isEqualTo(2);
        receiver.open();
        assertThat(sink.flush(FLUSH).success()).isTrue();
        assertThat(bodiesPerRequest(receiver, 3)).hasSize(3);
        assertThat(receiver.mostAtOnce()).isEqualTo(2);
      }
    }
  }

  @Test
  void moreBatchesInFlightThanTheJdkSenderRunsAtOnceByDefaultAllGoTogether() throws Exception {
    // One SDK exporter serves every batch in flight; its JDK HTTP sender would run at most
    // max(processors, 5) sends at once on its own threads and refuse more.
    int n = Math.max(Runtime.getRuntime().availableProcessors(), 5) + 2;
    try (OtlpReceiver receiver = OtlpReceiver.http(0)) {
      receiver.hold();
      try (OtlpSink sink = HttpSenders.withJdk(OtlpSink.builder().endpoint(receiver.endpoint())
          .maxBatchSize(1).maxConcurrentExports(n).scheduleDelay(NEVER))) {
        emit(sink, 0, n);
        receiver.awaitArrivals(n);
        assertThat(receiver.mostAtOnce()).isEqualTo(n);
        receiver.open();
        assertThat(sink.flush(FLUSH).success()).isTrue();
        assertThat(bodiesPerRequest(receiver, n)).hasSize(n);
        for (DropReason reason : DropReason.values()) {
          assertThat(sink.droppedCount(reason)).as(reason.name()).isZero();
        }
      }
    }
  }

  @Test
  void overGrpcBatchesBeyondTheSendersLimitPerHostWaitTheirTurnAndAllArrive() throws Exception {
    // The OkHttp gRPC sender runs at most 5 calls to one host at once; the rest queue there
    // (the sink's wait for them allows for the rounds ahead: OtlpSink.OKHTTP_CALLS_PER_HOST).
    try (OtlpReceiver receiver = OtlpReceiver.grpc()) {
      receiver.hold();
      try (OtlpSink sink = OtlpSink.builder().protocol(OtlpProtocol.GRPC)
          .endpoint(receiver.endpoint()).maxBatchSize(1).maxConcurrentExports(7)
          .scheduleDelay(NEVER).build()) {
        emit(sink, 0, 7);
        receiver.awaitArrivals(5);
        // Without the limit the sixth and seventh would arrive at once beside the held five.
        assertThat(receiver.arrivesWithin(Duration.ofMillis(300)))
            .as("a sixth call while five are held").isFalse();
        receiver.open();
        assertThat(sink.flush(FLUSH).success()).isTrue();
        List<String> bodies = new ArrayList<>();
        bodiesPerRequest(receiver, 7).forEach(bodies::addAll);
        assertThat(bodies).containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6");
        // Five held at once (awaited above), never the sixth and seventh with them: of the
        // seven batches in flight, the per-host limit kept two off the wire.
        assertThat(receiver.mostAtOnce()).as("calls at the receiver at once")
            .isEqualTo(OtlpSink.OKHTTP_CALLS_PER_HOST);
        for (DropReason reason : DropReason.values()) {
          assertThat(sink.droppedCount(reason)).as(reason.name()).isZero();
        }
      }
    }
  }

  @Test
  void oneFailedBatchInFlightIsCountedExactlyAndTheOthersArrive() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0)) {
      receiver.hold();
      // 400 is not retried: whichever request the receiver answers first fails for good.
      receiver.answer(400);
      try (OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint())
          .maxBatchSize(3).maxConcurrentExports(3).scheduleDelay(NEVER).build()) {
        emit(sink, 0, 9);
        receiver.awaitArrivals(3);
        receiver.open();
        FlushResult result = sink.flush(FLUSH);
        assertThat(result.success()).isFalse();
        assertThat(result.droppedCount()).isEqualTo(3);
        assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isEqualTo(3);

        List<OtlpReceiver.Request> requests = List.of(receiver.take(), receiver.take(), receiver.take());
        List<String> failed = new ArrayList<>();
        List<String> delivered = new ArrayList<>();
        for (OtlpReceiver.Request request : requests) {
          request.records().forEach(r -> (request.status() == 200 ? delivered : failed)
              .add(r.getBody().getStringValue()));
        }
        assertThat(failed).isIn(List.of("0", "1", "2"), List.of("3", "4", "5"), List.of("6", "7", "8"));
        assertThat(delivered).hasSize(6).doesNotContainAnyElementsOf(failed);
        assertThat(diagnostics.messages()).anySatisfy(m -> assertThat(m)
            .startsWith("cannot write to the OTLP endpoint " + receiver.endpoint()));

        // A later success (one in flight with the failure, or the next batch) ends the fault
        // episode once, with the exact loss.
        emit(sink, 9, 10);
        assertThat(sink.flush(FLUSH).success()).isTrue();
        assertThat(receiver.take().records()).hasSize(1);
        assertThat(diagnostics.messages()).filteredOn(m -> m.contains("works again;"))
            .singleElement().asString().contains("3 records were dropped meanwhile");
      }
    }
  }

  @Test
  void closeWaitsForTheBatchesInFlightAndSendsWhatIsQueued() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0)) {
      receiver.hold();
      OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint())
          .maxBatchSize(2).maxConcurrentExports(2).scheduleDelay(NEVER).build();
      emit(sink, 0, 4);
      receiver.awaitArrivals(2);
      emit(sink, 4, 5);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(sink::close);
      awaitClosed(sink);
      emit(sink, 5, 6);
      assertThat(sink.droppedCount(DropReason.CLOSED)).isEqualTo(1);
      assertThat(closing).isNotDone();

      receiver.open();
      closing.get(15, TimeUnit.SECONDS);
      List<String> bodies = new ArrayList<>();
      bodiesPerRequest(receiver, 3).forEach(bodies::addAll);
      assertThat(bodies).containsExactlyInAnyOrder("0", "1", "2", "3", "4");
      assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isZero();
      assertThat(sink.droppedCount(DropReason.BUFFER_FULL)).isZero();
      assertThat(receiver.mostAtOnce()).isEqualTo(2);
    }
  }

  @Test
  void oneExportAtATimeWhenSetToOne() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0)) {
      receiver.hold();
      try (OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint())
          .maxBatchSize(2).maxConcurrentExports(1).scheduleDelay(NEVER).build()) {
        emit(sink, 0, 4);
        receiver.awaitArrivals(1);
        assertThat(sink.bufferDepth()).isEqualTo(2);
        FlushResult held = sink.flush(Duration.ZERO);
        assertThat(held.failedSinks().get(0).error()).contains("4 records pending");
        receiver.open();
        assertThat(sink.flush(FLUSH).success()).isTrue();
        assertThat(bodiesPerRequest(receiver, 2))
            .containsExactly(List.of("0", "1"), List.of("2", "3"));
        assertThat(receiver.mostAtOnce()).isEqualTo(1);
      }
    }
  }

  @Test
  void badConcurrencyIsRejectedWithItsName() {
    assertThatThrownBy(() -> OtlpSink.builder().maxConcurrentExports(0).build())
        .hasMessageContaining("maxConcurrentExports must be at least 1, got 0");
  }

  private static void emit(OtlpSink sink, int from, int to) {
    for (int i = from; i < to; i++) {
      sink.emit(LogRecord.builder().body(Integer.toString(i)).build());
    }
  }

  /** The bodies of the next {@code n} requests, in the order they were answered. */
  private static List<List<String>> bodiesPerRequest(OtlpReceiver receiver, int n)
      throws InterruptedException {
    List<List<String>> batches = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> bodies = new ArrayList<>();
      receiver.take().records().forEach(r -> bodies.add(r.getBody().getStringValue()));
      batches.add(bodies);
    }
    assertThat(receiver.drain()).isEmpty();
    return batches;
  }

  private static void awaitClosed(OtlpSink sink) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!sink.isClosed()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("sink not closed within 10 s");
      }
      // Polled, not spun: on two cores a spin competes with the thread that is closing it.
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  private static LogRecord numbered(int i) {
    return LogRecord.builder().body(Integer.toString(i)).build();
  }

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static AnyValue str(String value) {
    return AnyValue.newBuilder().setStringValue(value).build();
  }

  private static AnyValue integer(long value) {
    return AnyValue.newBuilder().setIntValue(value).build();
  }

  private static AnyValue array(AnyValue... values) {
    return AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addAllValues(Arrays.asList(values))).build();
  }

  private static AnyValue kvlist(KeyValue... values) {
    return AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addAllValues(Arrays.asList(values))).build();
  }
}
