package dev.dagstack.logger.otlp;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.redaction.UrlCredentials;
import dev.dagstack.logger.sink.BatchingSink;
import dev.dagstack.logger.sink.OverflowPolicy;
import dev.dagstack.logger.sink.Timeouts;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import io.opentelemetry.exporter.internal.TlsUtil;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporterBuilder;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * Sends records to an OpenTelemetry Collector (or any OTLP receiver) with the OpenTelemetry SDK's
 * own OTLP exporters (spec §7.2, §12): OTLP/HTTP protobuf or OTLP/gRPC, with the SDK's retry with
 * backoff (on 429, 502, 503, 504 and connection failures), gzip compression and TLS.
 *
 * <p>OTLP/HTTP goes through the JDK's {@code HttpClient} (no OkHttp or Kotlin on the
 * application's classpath); OTLP/gRPC needs the application to add
 * {@code io.opentelemetry:opentelemetry-exporter-sender-okhttp}.
 *
 * <p>Batching is the core's {@link BatchingSink}: a bounded buffer (2048 records) with the
 * overflow policy, batches of up to 512 records sent when full or after 1 s, up to 2 batches in
 * flight at once ({@link Builder#maxConcurrentExports}), {@code flush} and {@code close} sending
 * at once and waiting for the batches in flight, and exact drop counts: {@code buffer_full} when the collector is
 * too slow or away long enough to fill the buffer, {@code write_error} for batches still failing
 * after the retries, {@code closed} for emits after close. Faults and recoveries go to the
 * {@code dagstack.logger.internal} channel; an emit never blocks on the network or throws.
 *
 * <pre>{@code
 * Sink otlp = OtlpSink.builder()
 *     .endpoint("http://collector:4318/v1/logs")
 *     .header("Authorization", "Bearer " + token)
 *     .compression("gzip")
 *     .build();
 * }</pre>
 */
public final class OtlpSink extends BatchingSink {

  /** The SDK exporters' default per-export timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Batches in flight at once by default: one waits for the collector's answer while the next
   * is marshalled. More pay off only across a slow link; on a nearby collector each batch in
   * flight marshals and sends on a thread of its own and takes CPU from the application (two
   * cores, loopback: an emit cost 213 ns with 2 in flight against 291 ns with 4, for 6 % less
   * delivered).
   */
  public static final int DEFAULT_MAX_CONCURRENT_EXPORTS = 2;

  /**
   * The largest record sent whole, in bytes of its estimated size ({@link
   * dev.dagstack.logger.sink.RecordSize#estimate}): 1 MiB, well within the request sizes
   * receivers take by default (the Collector: 4 MiB per gRPC message, 20 MiB per HTTP body).
   */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

  /**
   * Calls the SDK's OkHttp senders run to one host at once (OkHttp's
   * {@code Dispatcher.maxRequestsPerHost} default); more wait in their queue.
   */
  static final int OKHTTP_CALLS_PER_HOST = 5;

  private final String endpoint;
  private final OtlpProtocol protocol;

  private OtlpSink(Builder b, String id, String endpoint, OtlpExporter exporter) {
    super(id, b.minSeverity, b.overflow, b.bufferSize, b.maxBatchSize, b.scheduleDelay,
        b.maxConcurrentExports, exporter);
    this.endpoint = endpoint;
    this.protocol = b.protocol;
  }

  /** A builder with the SDK's defaults: http/protobuf to {@code http://localhost:4318/v1/logs}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Where records are sent (credentials in the URL masked). */
  public String endpoint() {
    return endpoint;
  }

  /** How records are sent. */
  public OtlpProtocol protocol() {
    return protocol;
  }

  /** Builds an {@link OtlpSink}; unset values take the OpenTelemetry SDK's defaults. */
  public static final class Builder {
    String id;
    OtlpProtocol protocol = OtlpProtocol.HTTP_PROTOBUF;
    String endpoint;
    final Map<String, String> headers = new LinkedHashMap<>();
    String compression = "none";
    Duration timeout = DEFAULT_TIMEOUT;
    Duration connectTimeout = DEFAULT_TIMEOUT;
    Path trustedCertificates;
    Path clientKey;
    Path clientCertificate;
    int maxAttempts = 5;
    Duration initialBackoff = Duration.ofSeconds(1);
    Duration maxBackoff = Duration.ofSeconds(5);
    double backoffMultiplier = 1.5;
    int minSeverity = 1;
    OverflowPolicy overflow = OverflowPolicy.DROP_OLDEST;
    int bufferSize = DEFAULT_BUFFER_SIZE;
    int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
    Duration scheduleDelay = DEFAULT_SCHEDULE_DELAY;
    int maxConcurrentExports = DEFAULT_MAX_CONCURRENT_EXPORTS;
    int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;

    private Builder() {}

    /** The sink id; defaults to {@code "otlp:<endpoint>"}. */
    public Builder id(String value) {
      this.id = value;
      return this;
    }

    /** http/protobuf (the default) or grpc. */
    public Builder protocol(OtlpProtocol value) {
      this.protocol = value;
      return this;
    }

    /**
     * The receiver's URL: for http/protobuf the full path ({@code http://host:4318/v1/logs}), for
     * grpc the authority ({@code http://host:4317}); {@code https://} turns on TLS. Defaults to
     * the protocol's {@link OtlpProtocol#defaultEndpoint()}.
     */
    public Builder endpoint(String value) {
      this.endpoint = value;
      return this;
    }

    /**
     * A header sent with every export (e.g. an API key); repeated calls add headers.
     *
     * @throws IllegalArgumentException naming the header when the name is not an HTTP token
     *     (RFC 9110 §5.6.2: letters, digits and {@code !#$%&'*+-.^_`|~}) or the value holds a
     *     line break or another control character: the SDK would accept it and fail every export
     */
    public Builder header(String name, String value) {
      String problem = headerProblem(name, value);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      headers.put(name, value);
      return this;
    }

    /** Headers sent with every export, added to those already set; checked as {@link #header}. */
    public Builder headers(Map<String, String> values) {
      values.forEach(this::header);
      return this;
    }

    /** {@code gzip} or {@code none} (the default). */
    public Builder compression(String value) {
      this.compression = value;
      return this;
    }

    /** The longest one export may take, retries included (default 10 s). */
    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    /** The longest connecting may take (default 10 s). */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    /**
     * PEM file of the CA certificates to trust for an {@code https} endpoint, in place of the
     * JVM's default trust (its {@code cacerts} or {@code javax.net.ssl.trustStore}, which applies
     * when this is not set; read when the sink is built).
     */
    public Builder trustedCertificates(Path pemFile) {
      this.trustedCertificates = pemFile;
      return this;
    }

    /** PEM files of the client's private key and certificate chain, for mutual TLS. */
    public Builder clientTls(Path privateKeyPem, Path certificatePem) {
      this.clientKey = privateKeyPem;
      this.clientCertificate = certificatePem;
      return this;
    }

    /**
     * Attempts per batch, 1 (no retry) to 5 (the default); retried on 429, 502, 503, 504 and
     * connection failures, with exponential backoff.
     */
    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    /** The backoff: first wait (default 1 s), longest wait (5 s) and growth factor (1.5). */
    public Builder backoff(Duration initial, Duration max, double multiplier) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      this.backoffMultiplier = multiplier;
      return this;
    }

    public Builder minSeverity(int value) {
      this.minSeverity = value;
      return this;
    }

    public Builder overflow(OverflowPolicy value) {
      this.overflow = value;
      return this;
    }

    /** Records that may wait for the exporter before the overflow policy applies (2048). */
    public Builder bufferSize(int value) {
      this.bufferSize = value;
      return this;
    }

    /** Most records per export (512). */
    public Builder maxBatchSize(int value) {
      this.maxBatchSize = value;
      return this;
    }

    /** How long a partial batch waits for more records (1 s). */
    public Builder scheduleDelay(Duration value) {
      this.scheduleDelay = value;
      return this;
    }

    /**
     * Most batches in flight at once (2; at least 1): the next batch is sent while earlier ones
     * wait for the receiver's answer; raise it for a collector across a slow link. 1 sends one batch at a time, as the SDK's
     * {@code BatchLogRecordProcessor}. Records keep their order within a batch; batches in
     * flight together may arrive in any order. Up to this many times {@code maxBatchSize}
     * records are in flight beyond the buffer. One SDK exporter sends them all: its JDK HTTP
     * sender gets a thread per batch in flight; its OkHttp senders (grpc, or http/protobuf
     * when the application has that sender) put at most 5 requests to one collector on the
     * wire at once, and batches beyond that wait their turn in OkHttp's queue (the sink waits
     * for them accordingly).
     */
    public Builder maxConcurrentExports(int value) {
      this.maxConcurrentExports = value;
      return this;
    }

    /**
     * The largest record sent whole: 1024 bytes to 64 MiB, default
     * {@value #DEFAULT_MAX_RECORD_BYTES} (1 MiB), measured as its estimated size (spec §7.2's
     * maximum record size). A larger record has its long string values cut, as a file sink cuts
     * them ({@code "...<cut N chars>"}), and the cut is reported on the diagnostic channel: one
     * huge record would otherwise make the receiver refuse the whole request (HTTP 413) and lose
     * every record of its batch. Batches are not split by size: with large records, lower
     * {@code maxBatchSize} too.
     */
    public Builder maxRecordBytes(int value) {
      this.maxRecordBytes = value;
      return this;
    }

    /**
     * Sets what the standard {@code OTEL_EXPORTER_OTLP_*} variables give (the {@code _LOGS_} ones
     * win over the general ones): endpoint, protocol, headers, compression, timeout (ms),
     * certificate, client key and client certificate. Call it first: settings made after it win.
     * Pass {@code System.getenv()}.
     *
     * @throws IllegalArgumentException naming the variable whose value is invalid
     */
    public Builder environment(Map<String, String> env) {
      OtlpEnvironment.apply(env, this);
      return this;
    }

    /**
     * Builds the sink and its SDK exporter; nothing is sent until records arrive.
     *
     * @throws IllegalArgumentException naming the bad setting (endpoint, protocol, compression,
     *     timeouts, retry, certificate files, buffer and batch sizes)
     */
    public OtlpSink build() {
      if (protocol == null) {
        throw new IllegalArgumentException("OtlpSink protocol is required");
      }
      if (endpoint != null && endpoint.isBlank()) {
        // Usually an unset placeholder (${COLLECTOR_URL:}): sending to localhost would hide it.
        throw new IllegalArgumentException("OtlpSink endpoint is blank: set the receiver's URL"
            + " or leave the endpoint unset for " + protocol.defaultEndpoint());
      }
      String url = lowerCaseScheme(
          endpoint == null ? protocol.defaultEndpoint() : endpoint.strip());
      URI uri = checkEndpoint(url);
      String shown = UrlCredentials.mask(url);
      String sinkId = id != null ? id : "otlp:" + shown;
      String where = "OtlpSink " + shown + ": ";
      String codec = compression == null ? "none" : compression.strip().toLowerCase(Locale.ROOT);
      if (!codec.equals("gzip") && !codec.equals("none")) {
        throw new IllegalArgumentException(
            where + "compression must be gzip or none, got '" + compression + "'");
      }
      checkPositive(where, "timeout", timeout);
      checkPositive(where, "connectTimeout", connectTimeout);
      RetryPolicy retry = retryPolicy(where);
      Tls tls = tls(where);
      // Before the SDK exporter exists: its HTTP client's threads outlive a refused sink.
      checkSettings(sinkId, minSeverity, overflow, bufferSize, maxBatchSize, scheduleDelay,
          maxConcurrentExports);
      if (maxRecordBytes < 1024 || maxRecordBytes > JsonLinesEncoder.MAX_LINE_BYTES) {
        throw new IllegalArgumentException(where + "maxRecordBytes must be between 1024 and "
            + JsonLinesEncoder.MAX_LINE_BYTES + ", got " + maxRecordBytes);
      }
      if (uri.getRawUserInfo() != null) {
        // The SDK's exporters send no URL credentials: a receiver that wants them refuses every
        // batch, and the reason would not say why.
        Diagnostics.warn(where + "the endpoint's user info is not sent (OTLP exporters send no"
            + " URL credentials); give them as a header instead, e.g. Authorization",
            Attrs.of("sink.id", sinkId));
      }
      String target = "to the OTLP endpoint " + shown + " (" + protocol.value() + ")";
      String path = uri.getRawPath();
      if (protocol == OtlpProtocol.HTTP_PROTOBUF && (path == null || path.isEmpty()
          || path.equals("/"))) {
        // Used as given (the OTLP rule for a signal's own endpoint), but almost surely a base
        // URL: a Collector answers 404 on "/" and every batch would fail.
        Diagnostics.warn(where + "the endpoint has no path, so records are posted to '/';"
            + " an OpenTelemetry Collector takes OTLP/HTTP logs at /v1/logs",
            Attrs.of("sink.id", sinkId));
      }
      // A little beyond the SDK's own timeout, which covers the retries. The SDK's OkHttp
      // senders (gRPC; HTTP too when the application has that sender and the SDK picks it) put
      // at most OKHTTP_CALLS_PER_HOST calls to the collector on the wire at once and queue the
      // rest, a call's timeout starting only when it runs: a queued batch may take one timeout
      // per round of calls ahead of it.
      long rounds = (Math.max(1, maxConcurrentExports) + OKHTTP_CALLS_PER_HOST - 1)
          / OKHTTP_CALLS_PER_HOST;
      long waitNanos = saturatedAdd(saturatedMultiply(Timeouts.nanos(timeout), rounds),
          Duration.ofSeconds(1).toNanos());
      // The HTTP sender sends on threads of the sink's (one per batch in flight); the gRPC
      // sender on its own.
      ExecutorService senders = protocol == OtlpProtocol.GRPC
          ? null : OtlpExporter.senderThreads(maxConcurrentExports, sinkId);
      OtlpExporter otlp;
      try {
        SdkBuilder sdk = senders == null ? SdkBuilder.grpc(where) : SdkBuilder.http(senders);
        otlp = new OtlpExporter(exporter(sdk, url, codec, retry, tls), senders, target,
            waitNanos, maxRecordBytes);
      } catch (RuntimeException e) {
        if (senders != null) {
          senders.shutdown();
        }
        // The SDK's own messages quote the endpoint as given, credentials and all.
        String message = e.getMessage();
        if (message != null && message.contains(url)) {
          throw new IllegalArgumentException(message.replace(url, shown));
        }
        throw e;
      }
      try {
        return new OtlpSink(this, sinkId, shown, otlp);
      } catch (RuntimeException e) {
        otlp.shutdown();
        throw e;
      }
    }

    /**
     * The TLS the certificate files give, handed to the SDK as it is: the context (with the
     * client's key manager, if any) and the trust manager (the JDK's default when no
     * {@code trustedCertificates} file is set).
     */
    private record Tls(SSLContext context, X509TrustManager trustManager) {}

    /**
     * Reads the certificate files and parses them once, with the SDK's own PEM reader, so a
     * file it cannot use is refused here, by name, rather than failing every export; builds the
     * TLS context from them as the SDK's {@code setTrustedCertificates} and {@code setClientTls}
     * would. {@code null} when no file is set.
     */
    private Tls tls(String where) {
      X509TrustManager trust = null;
      if (trustedCertificates != null) {
        byte[] trusted = read(where, "trustedCertificates", trustedCertificates);
        try {
          trust = TlsUtil.trustManager(trusted);
        } catch (SSLException | RuntimeException e) {
          throw new IllegalArgumentException(where + "cannot use trustedCertificates file "
              + trustedCertificates + ": not a valid PEM certificate (" + reason(e) + ")", e);
        }
      }
      X509KeyManager client = null;
      if (clientKey != null || clientCertificate != null) {
        byte[] key = read(where, "clientKey", clientKey);
        byte[] certificate = read(where, "clientCertificate", clientCertificate);
        try {
          client = TlsUtil.keyManager(key, certificate);
        } catch (SSLException | RuntimeException e) {
          throw new IllegalArgumentException(where + "cannot use clientKey file " + clientKey
              + " / clientCertificate file " + clientCertificate
              + ": not a valid PEM private key (PKCS #8) and certificate (" + reason(e) + ")", e);
        }
      }
      if (trust == null && client == null) {
        return null;
      }
      if (trust == null) {
        // The JDK's default trust, named explicitly: the SDK's OkHttp senders (gRPC, and HTTP
        // when it picks OkHttp) use a TLS context only together with a trust manager, and would
        // otherwise connect without the client certificate.
        trust = defaultTrustManager(where);
      }
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(client == null ? null : new KeyManager[] {client},
            new TrustManager[] {trust}, null);
        return new Tls(context, trust);
      } catch (NoSuchAlgorithmException | KeyManagementException e) {
        throw new IllegalArgumentException(where + "cannot set up TLS: " + reason(e), e);
      }
    }

    /** The JDK's default X.509 trust manager (its cacerts, or {@code javax.net.ssl.trustStore}). */
    private static X509TrustManager defaultTrustManager(String where) {
      try {
        TrustManagerFactory factory =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
          if (manager instanceof X509TrustManager) {
            return (X509TrustManager) manager;
          }
        }
        throw new IllegalArgumentException(
            where + "cannot set up TLS: the JDK's default trust has no X.509 trust manager");
      } catch (NoSuchAlgorithmException | KeyStoreException e) {
        throw new IllegalArgumentException(where + "cannot set up TLS: " + reason(e), e);
      }
    }

    /** The error's message and its cause's, which says what the parser found. */
    private static String reason(Exception e) {
      return e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage());
    }

    /** Builds the SDK exporter, applying each setting once, whatever the protocol. */
    private LogRecordExporter exporter(SdkBuilder sdk, String url, String codec,
        RetryPolicy retry, Tls tls) {
      sdk.endpoint().accept(url);
      sdk.compression().accept(codec);
      sdk.timeout().accept(timeout);
      sdk.connectTimeout().accept(connectTimeout);
      sdk.retryPolicy().accept(retry);
      sdk.memoryMode().accept(MemoryMode.REUSABLE_DATA);
      headers.forEach(sdk.header());
      if (tls != null) {
        sdk.sslContext().accept(tls.context(), tls.trustManager());
      }
      return sdk.build().get();
    }

    private static long saturatedMultiply(long a, long b) {
      return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private static long saturatedAdd(long a, long b) {
      return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    private RetryPolicy retryPolicy(String where) {
      if (maxAttempts < 1 || maxAttempts > 5) {
        throw new IllegalArgumentException(
            where + "maxAttempts must be between 1 (no retry) and 5, got " + maxAttempts);
      }
      if (maxAttempts == 1) {
        return null;
      }
      checkPositive(where, "initial backoff", initialBackoff);
      checkPositive(where, "max backoff", maxBackoff);
      if (!(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
        throw new IllegalArgumentException(
            where + "backoff multiplier must be 1 or more, got " + backoffMultiplier);
      }
      return RetryPolicy.builder()
          .setMaxAttempts(maxAttempts)
          .setInitialBackoff(initialBackoff)
          .setMaxBackoff(maxBackoff)
          .setBackoffMultiplier(backoffMultiplier)
          .build();
    }

    /** {@code url} parsed; throws naming it unless it is an http(s) URL with a host. */
    private static URI checkEndpoint(String url) {
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        // The reason and where, not the exception's message: that quotes the whole URL.
        throw invalidEndpoint(url,
            e.getReason() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw invalidEndpoint(url,
            "expected an http:// or https:// URL with a host, e.g. http://localhost:4318/v1/logs");
      }
      if (uri.getPort() > 65_535) {
        // URI takes any number; every export would fail on it ("port out of range").
        throw invalidEndpoint(url, "port " + uri.getPort() + " is out of range (1 to 65535)");
      }
      return uri;
    }

    /** The error for an endpoint that cannot be used, quoting it with its credentials masked. */
    private static IllegalArgumentException invalidEndpoint(String url, String reason) {
      return new IllegalArgumentException(
          "invalid OTLP endpoint '" + UrlCredentials.mask(url) + "': " + reason);
    }

    /** {@code url} with its scheme in lower case: schemes are case-insensitive, the SDK's not. */
    private static String lowerCaseScheme(String url) {
      int colon = url.indexOf("://");
      return colon < 0 ? url
          : url.substring(0, colon).toLowerCase(Locale.ROOT) + url.substring(colon);
    }

    /** Why a header cannot be sent, naming it; {@code null} when it can. */
    static String headerProblem(String name, String value) {
      if (name == null || name.isEmpty()) {
        return "OtlpSink header name is empty";
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (!(c < 128 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0))) {
          return "OtlpSink header '" + printable(name) + "': the name may hold only letters, digits"
              + " and !#$%&'*+-.^_`|~ (an HTTP token), found " + describeChar(c) + " at index " + i;
        }
      }
      if (value == null) {
        return "OtlpSink header '" + name + "' has no value";
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
          // The value itself is not shown: it is often a secret.
          return "OtlpSink header '" + name + "': the value holds " + describeChar(c)
              + " at index " + i + " (line breaks and control characters cannot be sent)";
        }
      }
      return null;
    }

    private static String describeChar(char c) {
      return c == '\n' ? "a line feed" : c == '\r' ? "a carriage return" : c == ' ' ? "a space"
          : c < 0x20 || c == 0x7f ? String.format("control character U+%04X", (int) c)
          : "'" + c + "'";
    }

    private static String printable(String text) {
      return text.replaceAll("\\p{Cntrl}", "?");
    }

    private static void checkPositive(String where, String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(where + name + " must be positive, got " + value);
      }
    }

    private static byte[] read(String where, String name, Path file) {
      if (file == null) {
        throw new IllegalArgumentException(where + name + " is required for mutual TLS");
      }
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        // The file system exceptions' messages are the path alone: say what is wrong with it.
        String problem = e instanceof NoSuchFileException ? "no such file"
            : e instanceof AccessDeniedException ? "permission denied"
            : Files.isDirectory(file) ? "a directory, not a file"
            : e.toString();
        throw new IllegalArgumentException(
            where + "cannot read " + name + " file " + file + ": " + problem, e);
      }
    }
  }

  /**
   * One of the SDK's exporter builders through its setters: the OTLP/HTTP and the OTLP/gRPC
   * builder have the same ones but share no interface, and {@link Builder#build} applies each
   * setting once, whatever the protocol.
   */
  private record SdkBuilder(
      Consumer<String> endpoint,
      Consumer<String> compression,
      Consumer<Duration> timeout,
      Consumer<Duration> connectTimeout,
      Consumer<RetryPolicy> retryPolicy,
      Consumer<MemoryMode> memoryMode,
      BiConsumer<String, String> header,
      BiConsumer<SSLContext, X509TrustManager> sslContext,
      Supplier<LogRecordExporter> build) {

    /** OTLP/HTTP, its sender sending on {@code senders}. */
    static SdkBuilder http(ExecutorService senders) {
      OtlpHttpLogRecordExporterBuilder b =
          OtlpHttpLogRecordExporter.builder().setExecutorService(senders);
      return new SdkBuilder(b::setEndpoint, b::setCompression, b::setTimeout,
          b::setConnectTimeout, b::setRetryPolicy, b::setMemoryMode, b::addHeader,
          b::setSslContext, b::build);
    }

    /** OTLP/gRPC; its build names the missing gRPC sender ({@code where}: the sink). */
    static SdkBuilder grpc(String where) {
      OtlpGrpcLogRecordExporterBuilder b = OtlpGrpcLogRecordExporter.builder();
      return new SdkBuilder(b::setEndpoint, b::setCompression, b::setTimeout,
          b::setConnectTimeout, b::setRetryPolicy, b::setMemoryMode, b::addHeader,
          b::setSslContext, () -> {
            try {
              return b.build();
            } catch (IllegalStateException e) {
              // The SDK found no gRPC sender (settings and certificates were checked before).
              throw new IllegalArgumentException(where + "protocol grpc needs a gRPC sender of"
                  + " the OpenTelemetry SDK on the classpath: add io.opentelemetry:"
                  + "opentelemetry-exporter-sender-okhttp (or use http/protobuf)", e);
            }
          });
    }
  }
}
