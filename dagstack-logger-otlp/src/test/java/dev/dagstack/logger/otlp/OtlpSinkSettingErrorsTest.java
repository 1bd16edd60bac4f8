package dev.dagstack.logger.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.DropReason;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings that the SDK would accept and then fail every export with are refused at build,
 * naming the setting; export failures name what the receiver answered.
 */
class OtlpSinkSettingErrorsTest {

  /** Held strongly: JUL keeps loggers weakly, and a collected one would lose its level. */
  private static final java.util.logging.Logger SDK_LOG =
      java.util.logging.Logger.getLogger("io.opentelemetry");

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

  @Test
  void headerNamesMustBeTokensAndValuesHoldNoLineBreaks() {
    assertThatThrownBy(() -> OtlpSink.builder().header("bad name", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header 'bad name'").hasMessageContaining("a space at index 3");
    assertThatThrownBy(() -> OtlpSink.builder().header("X-Key", "s3cret\nInjected: 1"))
        .hasMessageContaining("header 'X-Key'").hasMessageContaining("a line feed at index 6")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    assertThatThrownBy(() -> OtlpSink.builder().headers(Map.of("X-Key", "a\rb")))
        .hasMessageContaining("a carriage return");
    assertThatThrownBy(() -> OtlpSink.builder().header("", "v")).hasMessageContaining("empty");
    assertThatThrownBy(() -> OtlpSink.builder().environment(
            Map.of("OTEL_EXPORTER_OTLP_HEADERS", "ok=1,bad%20name=v")))
        .hasMessageStartingWith("OTEL_EXPORTER_OTLP_HEADERS: OtlpSink header 'bad name'");
    // Tokens and visible values (tabs, spaces inside) pass.
    assertThat(OtlpSink.builder().header("X-Api_Key.v2!", "Bearer a b\tc").headers)
        .containsEntry("X-Api_Key.v2!", "Bearer a b\tc");
  }

  @Test
  void validHeadersArriveAtTheReceiver() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0);
        OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint())
            .header("X-Api_Key.v2", "Bearer a b").build()) {
      sink.emit(LogRecord.builder().body("x").build());
      assertThat(sink.flush(Duration.ofSeconds(10)).success()).isTrue();
      assertThat(receiver.take().headers().get("X-api_key.v2")).containsExactly("Bearer a b");
    }
  }

  @Test
  void aPortOutOfRangeIsRefusedAtBuildWithoutShowingCredentials() {
    assertThatThrownBy(() -> OtlpSink.builder()
        .endpoint("http://user:s3cret@127.0.0.1:99999/v1/logs").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid OTLP endpoint 'http://***@127.0.0.1:99999/v1/logs': port 99999 is"
            + " out of range (1 to 65535)");
    assertThatThrownBy(() -> OtlpSink.builder().endpoint("ftp://user:s3cret@host/v1/logs").build())
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> OtlpSink.builder().endpoint("http://user:s3cret@host/v1 logs").build())
        .hasMessageStartingWith("invalid OTLP endpoint").hasMessageNotContaining("s3cret");
    for (String malformed : List.of("alice:s3cret@127.0.0.1:4318/v1/logs",
        "http:/alice:s3cret@127.0.0.1/v1/logs", "//alice:s3cret@127.0.0.1/v1/logs")) {
      assertThatThrownBy(() -> OtlpSink.builder().endpoint(malformed).build())
          .as(malformed).hasMessageNotContaining("s3cret");
    }
  }

  @Test
  void maxRecordBytesOutOfRangeIsRefusedAtBuild() {
    assertThatThrownBy(() -> OtlpSink.builder().maxRecordBytes(100).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("maxRecordBytes must be between 1024 and 67108864, got 100");
  }

  @Test
  void aBlankEndpointIsAnErrorNotLocalhost() {
    assertThatThrownBy(() -> OtlpSink.builder().endpoint("").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("OtlpSink endpoint is blank");
    assertThatThrownBy(() -> OtlpSink.builder().endpoint("  ").build())
        .hasMessageStartingWith("OtlpSink endpoint is blank");
  }

  @Test
  void aNonPemCertificateFileIsNamedAtBuild(@TempDir Path dir) throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.txt"), "this is not a certificate\n");
    assertThatThrownBy(() -> OtlpSink.builder().id("collector")
            .endpoint("https://127.0.0.1:4318/v1/logs").trustedCertificates(notPem).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trustedCertificates file " + notPem)
        .hasMessageContaining("not a valid PEM");
    assertThatThrownBy(() -> OtlpSink.builder().protocol(OtlpProtocol.GRPC)
            .endpoint("https://127.0.0.1:4317").trustedCertificates(notPem).build())
        .hasMessageContaining("trustedCertificates file " + notPem);
  }

  @Test
  void aBadClientKeyIsNamedAloneBesideAGoodTrustedCertificate(@TempDir Path dir) throws Exception {
    Path ca = TestTls.file("ca.pem");
    Path badKey = Files.writeString(dir.resolve("client.key"), "not a key\n");
    for (OtlpProtocol protocol : OtlpProtocol.values()) {
      assertThatThrownBy(() -> OtlpSink.builder().protocol(protocol)
              .endpoint("https://127.0.0.1:4317").trustedCertificates(ca)
              .clientTls(badKey, ca).build())
          .as(protocol.value())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot use clientKey file " + badKey + " / clientCertificate file "
              + ca + ": not a valid PEM private key")
          // The trusted certificates are fine: the message (and so the starter's property
          // path, chosen by the setting the message names) is about the client files only.
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("trustedCertificates"));
    }
  }

  @Test
  void validCertificateFilesBuild() throws Exception {
    Path ca = TestTls.file("ca.pem");
    for (OtlpProtocol protocol : OtlpProtocol.values()) {
      OtlpSink.builder().protocol(protocol).endpoint("https://127.0.0.1:4317")
          .trustedCertificates(ca).clientTls(TestTls.file("client-key.pem"), ca).build().close();
    }
  }

  @Test
  void anHttpEndpointWithoutAPathIsUsedAsGivenWithAWarning() {
    OtlpSink.builder().endpoint("http://127.0.0.1:4318").build().close();
    assertThat(diagnostics.records()).singleElement().satisfies(r -> assertThat(r.bodyText())
        .isEqualTo("OtlpSink http://127.0.0.1:4318: the endpoint has no path, so records are"
            + " posted to '/'; an OpenTelemetry Collector takes OTLP/HTTP logs at /v1/logs"));
    OtlpSink.builder().endpoint("http://127.0.0.1:4318/v1/logs").build().close();
    OtlpSink.builder().protocol(OtlpProtocol.GRPC).endpoint("http://127.0.0.1:4317").build()
        .close();
    assertThat(diagnostics.records()).hasSize(1);
  }

  @Test
  void anHttpFailureNamesTheStatus() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http(0)) {
      receiver.answer(400);
      try (OtlpSink sink = OtlpSink.builder().endpoint(receiver.endpoint()).build()) {
        sink.emit(LogRecord.builder().body("x").build());
        assertThat(sink.flush(Duration.ofSeconds(10)).droppedCount()).isEqualTo(1);
        assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isEqualTo(1);
        assertThat(diagnostics.records().get(0).attributes().toString())
            .contains("exception.message=export to the OTLP endpoint " + receiver.endpoint()
                + " (http/protobuf) failed: HTTP 400 Bad Request,");
      }
    }
  }

  @Test
  void anHttpFailureThroughTheJdkSenderNamesTheStatusOnce() throws Exception {
    // The JDK's HttpClient has no reason phrase; its sender gives the code as the message.
    try (OtlpReceiver receiver = OtlpReceiver.http(0)) {
      receiver.answer(400);
      try (OtlpSink sink = HttpSenders.withJdk(OtlpSink.builder().endpoint(receiver.endpoint()))) {
        sink.emit(LogRecord.builder().body("x").build());
        assertThat(sink.flush(Duration.ofSeconds(10)).droppedCount()).isEqualTo(1);
        assertThat(String.valueOf(diagnostics.records().get(0).attributes()
                .get("exception.message")))
            .endsWith("(http/protobuf) failed: HTTP 400");
      }
    }
  }

  @Test
  void aRefusedConnectionNamesTheErrorInsideTheSendersWrappers() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      // A port that was free a moment ago and is closed now: connecting is refused.
      int port = taken.getLocalPort();
      taken.close();
      try (OtlpSink sink = HttpSenders.withJdk(OtlpSink.builder()
          .endpoint("http://127.0.0.1:" + port + "/v1/logs").maxAttempts(1))) {
        sink.emit(LogRecord.builder().body("x").build());
        assertThat(sink.flush(Duration.ofSeconds(10)).droppedCount()).isEqualTo(1);
        assertThat(String.valueOf(diagnostics.records().get(0).attributes()
                .get("exception.message")))
            .endsWith("(http/protobuf) failed: java.net.ConnectException");
      }
    }
  }

  @Test
  void aGrpcFailureNamesTheStatus() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.grpc()) {
      receiver.answer(503);
      try (OtlpSink sink = OtlpSink.builder().protocol(OtlpProtocol.GRPC)
          .endpoint(receiver.endpoint()).maxAttempts(1).build()) {
        sink.emit(LogRecord.builder().body("x").build());
        assertThat(sink.flush(Duration.ofSeconds(10)).droppedCount()).isEqualTo(1);
        assertThat(diagnostics.records().toString())
            .contains("gRPC status UNAVAILABLE: scripted 503");
      }
    }
  }
}
