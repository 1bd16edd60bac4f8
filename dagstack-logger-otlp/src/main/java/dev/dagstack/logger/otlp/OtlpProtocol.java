package dev.dagstack.logger.otlp;

import java.util.Locale;

/** The OTLP transports the OpenTelemetry SDK's exporters offer (spec §12). */
public enum OtlpProtocol {
  /** OTLP/HTTP with protobuf bodies, to {@code http://host:4318/v1/logs} by default. */
  HTTP_PROTOBUF("http/protobuf", "http://localhost:4318/v1/logs"),
  /** OTLP/gRPC, to {@code http://host:4317} by default. */
  GRPC("grpc", "http://localhost:4317");

  private final String value;
  private final String defaultEndpoint;

  OtlpProtocol(String value, String defaultEndpoint) {
    this.value = value;
    this.defaultEndpoint = defaultEndpoint;
  }

  /** The name used by {@code OTEL_EXPORTER_OTLP_PROTOCOL}, e.g. {@code "http/protobuf"}. */
  public String value() {
    return value;
  }

  /** Where the exporter sends when no endpoint is configured. */
  public String defaultEndpoint() {
    return defaultEndpoint;
  }

  /**
   * Parses {@code http/protobuf} (also {@code http}) or {@code grpc}, in any case.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones; {@code http/json}
   *     is refused because the SDK's exporters do not offer it
   */
  public static OtlpProtocol parse(String text) {
    String normalized = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    switch (normalized) {
      case "http/protobuf":
      case "http":
        return HTTP_PROTOBUF;
      case "grpc":
        return GRPC;
      case "http/json":
        throw new IllegalArgumentException("OTLP protocol 'http/json' is not offered by the"
            + " OpenTelemetry SDK's exporters; use http/protobuf or grpc");
      default:
        throw new IllegalArgumentException(
            "invalid OTLP protocol '" + text + "': expected one of http/protobuf, grpc");
    }
  }
}
