package dev.dagstack.logger.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.DropReason;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate files reach the wire, for each protocol and HTTP sender: the receiver's
 * certificate is trusted through {@code trustedCertificates} alone, and the receiver, which
 * requires a client certificate, accepts the one {@code clientTls} names.
 */
class OtlpSinkTlsTest {

  /** Held strongly: JUL keeps loggers weakly, and a collected one would lose its level. */
  private static final java.util.logging.Logger SDK_LOG =
      java.util.logging.Logger.getLogger("io.opentelemetry");

  static {
    SDK_LOG.setLevel(java.util.logging.Level.OFF);
  }

  private static final Duration FLUSH = Duration.ofSeconds(10);
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
  void mutualTlsOverHttpWithTheJdkSender() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.https()) {
      assertMutualTls(receiver, b -> HttpSenders.build(b, HttpSenders.JDK));
    }
  }

  @Test
  void mutualTlsOverHttpWithTheOkHttpSender() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.https()) {
      assertMutualTls(receiver, b -> HttpSenders.build(b, HttpSenders.OKHTTP));
    }
  }

  @Test
  void mutualTlsOverGrpc() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.grpcTls()) {
      assertMutualTls(receiver, b -> b.protocol(OtlpProtocol.GRPC).build());
    }
  }

  /**
   * A client certificate alone, the receiver's certificate trusted by the JVM's default trust
   * store: the client certificate reaches the receiver with every sender (the SDK's OkHttp
   * senders ignored the TLS context without a trust manager and connected without it).
   */
  @Test
  void aClientCertificateAloneIsSentWithEverySender(@TempDir Path dir) throws Exception {
    Path trustStore = dir.resolve("trust.p12");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (InputStream pem = Files.newInputStream(TestTls.file("server.pem"))) {
      store.setCertificateEntry("receiver",
          CertificateFactory.getInstance("X.509").generateCertificate(pem));
    }
    try (OutputStream out = Files.newOutputStream(trustStore)) {
      store.store(out, "changeit".toCharArray());
    }
    System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
    System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
    System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    try {
      try (OtlpReceiver receiver = OtlpReceiver.https()) {
        assertDelivered(receiver, HttpSenders.build(clientOnly(receiver), HttpSenders.JDK));
        assertDelivered(receiver, HttpSenders.build(clientOnly(receiver), HttpSenders.OKHTTP));
      }
      try (OtlpReceiver receiver = OtlpReceiver.grpcTls()) {
        assertDelivered(receiver, clientOnly(receiver).protocol(OtlpProtocol.GRPC).build());
      }
    } finally {
      System.clearProperty("javax.net.ssl.trustStore");
      System.clearProperty("javax.net.ssl.trustStorePassword");
      System.clearProperty("javax.net.ssl.trustStoreType");
    }
  }

  private static OtlpSink.Builder clientOnly(OtlpReceiver receiver) {
    return builder(receiver).clientTls(TestTls.file("client-key.pem"), TestTls.file("ca.pem"));
  }

  private static void assertDelivered(OtlpReceiver receiver, OtlpSink sink) throws Exception {
    try (sink) {
      sink.emit(LogRecord.builder().body("client certificate only").build());
      assertThat(sink.flush(FLUSH).success()).isTrue();
      assertThat(receiver.take().records().get(0).getBody().getStringValue())
          .isEqualTo("client certificate only");
    }
  }

  /**
   * With both files the record arrives; without the client's certificate the receiver refuses
   * the connection, and without the trusted certificate the sink refuses the receiver's.
   */
  private static void assertMutualTls(OtlpReceiver receiver,
      Function<OtlpSink.Builder, OtlpSink> build) throws Exception {
    try (OtlpSink sink = build.apply(builder(receiver).trustedCertificates(TestTls.file("server.pem"))
        .clientTls(TestTls.file("client-key.pem"), TestTls.file("ca.pem")))) {
      sink.emit(LogRecord.builder().body("over tls").build());
      assertThat(sink.flush(FLUSH).success()).isTrue();
      assertThat(receiver.take().records().get(0).getBody().getStringValue())
          .isEqualTo("over tls");
    }
    try (OtlpSink noClientCertificate = build.apply(builder(receiver)
        .trustedCertificates(TestTls.file("server.pem")))) {
      assertRefused(noClientCertificate, receiver);
    }
    try (OtlpSink notTrusted = build.apply(builder(receiver)
        .clientTls(TestTls.file("client-key.pem"), TestTls.file("ca.pem")))) {
      assertRefused(notTrusted, receiver);
    }
  }

  private static OtlpSink.Builder builder(OtlpReceiver receiver) {
    return OtlpSink.builder().endpoint(receiver.endpoint()).maxAttempts(1)
        .timeout(Duration.ofSeconds(5));
  }

  private static void assertRefused(OtlpSink sink, OtlpReceiver receiver) {
    sink.emit(LogRecord.builder().body("refused").build());
    assertThat(sink.flush(FLUSH).droppedCount()).isEqualTo(1);
    assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isEqualTo(1);
    assertThat(receiver.drain()).isEmpty();
  }
}
