package dev.dagstack.logger.otlp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The standard exporter variables of the OpenTelemetry SDK specification
 * ({@code OTEL_EXPORTER_OTLP_*}, the signal-specific {@code OTEL_EXPORTER_OTLP_LOGS_*} first),
 * applied to an {@link OtlpSink.Builder}.
 */
final class OtlpEnvironment {

  private static final String PREFIX = "OTEL_EXPORTER_OTLP_";
  private static final String LOGS_PREFIX = "OTEL_EXPORTER_OTLP_LOGS_";

  private OtlpEnvironment() {}

  static void apply(Map<String, String> env, OtlpSink.Builder builder) {
    String protocolVar = name(env, "PROTOCOL");
    if (protocolVar != null) {
      builder.protocol(parse(protocolVar, env.get(protocolVar)));
    }
    String logsEndpoint = value(env, LOGS_PREFIX + "ENDPOINT");
    String endpoint = value(env, PREFIX + "ENDPOINT");
    if (logsEndpoint != null) {
      builder.endpoint(logsEndpoint);
    } else if (endpoint != null) {
      // The general endpoint is a base URL: OTLP/HTTP appends the signal's path.
      builder.endpoint(builder.protocol == OtlpProtocol.GRPC
          ? endpoint : endpoint.replaceAll("/+$", "") + "/v1/logs");
    }
    String headersVar = name(env, "HEADERS");
    if (headersVar != null) {
      builder.headers.clear();
      for (String pair : env.get(headersVar).split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(headersVar
              + " must be a list of key=value pairs separated by commas, got '" + pair.strip() + "'");
        }
        try {
          builder.header(decode(pair.substring(0, eq).strip()), decode(pair.substring(eq + 1).strip()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(headersVar + ": " + e.getMessage(), e);
        }
      }
    }
    String compressionVar = name(env, "COMPRESSION");
    if (compressionVar != null) {
      builder.compression(env.get(compressionVar).strip());
    }
    String timeoutVar = name(env, "TIMEOUT");
    if (timeoutVar != null) {
      try {
        builder.timeout(Duration.ofMillis(Long.parseLong(env.get(timeoutVar).strip())));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            timeoutVar + " must be a number of milliseconds, got '" + env.get(timeoutVar) + "'");
      }
    }
    String certificateVar = name(env, "CERTIFICATE");
    if (certificateVar != null) {
      builder.trustedCertificates(Path.of(env.get(certificateVar).strip()));
    }
    String keyVar = name(env, "CLIENT_KEY");
    String certVar = name(env, "CLIENT_CERTIFICATE");
    if (keyVar != null || certVar != null) {
      builder.clientTls(keyVar == null ? null : Path.of(env.get(keyVar).strip()),
          certVar == null ? null : Path.of(env.get(certVar).strip()));
    }
  }

  /** The variable that sets {@code suffix}: the logs-specific one when set, else the general. */
  private static String name(Map<String, String> env, String suffix) {
    if (value(env, LOGS_PREFIX + suffix) != null) {
      return LOGS_PREFIX + suffix;
    }
    return value(env, PREFIX + suffix) != null ? PREFIX + suffix : null;
  }

  private static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static OtlpProtocol parse(String variable, String value) {
    try {
      return OtlpProtocol.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(variable + ": " + e.getMessage(), e);
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
