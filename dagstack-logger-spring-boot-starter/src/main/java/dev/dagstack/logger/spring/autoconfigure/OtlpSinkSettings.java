package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.sink.OverflowPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of a {@code type: otlp} sink, {@code dagstack.logger.sinks.<id>.*}. Each unset
 * value falls back to Boot's {@code management.opentelemetry.logging.export.*} property, then to
 * the standard {@code OTEL_EXPORTER_OTLP_*} variable, then to the OpenTelemetry SDK's default.
 */
public class OtlpSinkSettings {

  /**
   * The receiver: for http/protobuf the full URL (http://collector:4318/v1/logs), for grpc the
   * authority (http://collector:4317); https turns on TLS.
   */
  private String endpoint;

  /** http/protobuf (the default) or grpc. */
  private String protocol;

  /** Headers sent with every export, e.g. an API key. */
  private Map<String, String> headers = new LinkedHashMap<>();

  /** gzip or none. */
  private String compression;

  /** The longest one export may take, retries included (default 10s). */
  private Duration timeout;

  /** The longest connecting may take (default 10s). */
  private Duration connectTimeout;

  /** PEM file of the CA certificates to trust for an https endpoint. */
  private String trustedCertificates;

  /** PEM file of the client's private key, for mutual TLS. */
  private String clientKey;

  /** PEM file of the client's certificate chain, for mutual TLS. */
  private String clientCertificate;

  /** Attempts per batch, 1 (no retry) to 5 (the default). */
  private Integer maxAttempts;

  /** Most records per export (default 512). */
  private Integer maxBatchSize;

  /** The largest record sent whole, 1KB to 64MB (default 1MB); larger: long strings cut. */
  private org.springframework.util.unit.DataSize maxRecordBytes;

  /** How long a partial batch waits for more records (default 1s). */
  private Duration scheduleDelay;

  /** Most batches in flight at once (default 2; 1 sends one batch at a time). */
  private Integer maxConcurrentExports;

  /** The lowest severity this sink accepts (name or number 1-24). */
  private String minSeverity;

  /** What a full buffer does: drop-oldest (default), drop-newest or block. */
  private OverflowPolicy overflow;

  /** Records that may wait for the exporter before overflow applies (default 2048). */
  private Integer bufferSize;

  public String getMinSeverity() {
    return minSeverity;
  }

  public void setMinSeverity(String minSeverity) {
    this.minSeverity = minSeverity;
  }

  public OverflowPolicy getOverflow() {
    return overflow;
  }

  public void setOverflow(OverflowPolicy overflow) {
    this.overflow = overflow;
  }

  public Integer getBufferSize() {
    return bufferSize;
  }

  public void setBufferSize(Integer bufferSize) {
    this.bufferSize = bufferSize;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getProtocol() {
    return protocol;
  }

  public void setProtocol(String protocol) {
    this.protocol = protocol;
  }

  public Map<String, String> getHeaders() {
    return headers;
  }

  public void setHeaders(Map<String, String> headers) {
    this.headers = headers;
  }

  public String getCompression() {
    return compression;
  }

  public void setCompression(String compression) {
    this.compression = compression;
  }

  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public String getTrustedCertificates() {
    return trustedCertificates;
  }

  public void setTrustedCertificates(String trustedCertificates) {
    this.trustedCertificates = trustedCertificates;
  }

  public String getClientKey() {
    return clientKey;
  }

  public void setClientKey(String clientKey) {
    this.clientKey = clientKey;
  }

  public String getClientCertificate() {
    return clientCertificate;
  }

  public void setClientCertificate(String clientCertificate) {
    this.clientCertificate = clientCertificate;
  }

  public Integer getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(Integer maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public org.springframework.util.unit.DataSize getMaxRecordBytes() {
    return maxRecordBytes;
  }

  public void setMaxRecordBytes(org.springframework.util.unit.DataSize maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  public Integer getMaxBatchSize() {
    return maxBatchSize;
  }

  public void setMaxBatchSize(Integer maxBatchSize) {
    this.maxBatchSize = maxBatchSize;
  }

  public Duration getScheduleDelay() {
    return scheduleDelay;
  }

  public void setScheduleDelay(Duration scheduleDelay) {
    this.scheduleDelay = scheduleDelay;
  }

  public Integer getMaxConcurrentExports() {
    return maxConcurrentExports;
  }

  public void setMaxConcurrentExports(Integer maxConcurrentExports) {
    this.maxConcurrentExports = maxConcurrentExports;
  }
}
