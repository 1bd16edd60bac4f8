package dev.dagstack.logger;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Resource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * The resource of a configuration: {@code OTEL_RESOURCE_ATTRIBUTES} (comma-separated
 * {@code key=value}, percent-decoded), then {@code OTEL_SERVICE_NAME} as {@code service.name},
 * then the configured attributes; later sources win.
 */
final class EnvironmentResource {

  static final String RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES";
  static final String SERVICE_NAME = "OTEL_SERVICE_NAME";

  private EnvironmentResource() {}

  /** Merges {@code configured} over what {@code environment} (a variable lookup) holds. */
  static Resource merge(Attrs configured, UnaryOperator<String> environment) {
    Attrs.Builder builder = Attrs.builder();
    String attributes = environment.apply(RESOURCE_ATTRIBUTES);
    if (attributes != null && !attributes.isBlank()) {
      parseInto(attributes, builder);
    }
    String serviceName = environment.apply(SERVICE_NAME);
    if (serviceName != null && !serviceName.isBlank()) {
      builder.put("service.name", serviceName.strip());
    }
    return Resource.of(builder.build().withAll(configured));
  }

  private static void parseInto(String value, Attrs.Builder builder) {
    for (String pair : value.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? "" : decode(pair.substring(0, eq).strip());
      if (key == null || key.isEmpty()) {
        Diagnostics.warn(RESOURCE_ATTRIBUTES + ": entry '" + pair.strip()
            + "' is not key=value; ignored");
        continue;
      }
      String decoded = decode(pair.substring(eq + 1).strip());
      if (decoded == null) {
        Diagnostics.warn(RESOURCE_ATTRIBUTES + ": entry '" + pair.strip()
            + "' has an invalid percent escape; ignored");
        continue;
      }
      builder.put(key, decoded);
    }
  }

  /** Percent-decodes {@code s} as UTF-8 ('+' stays '+'), or null for a broken escape. */
  private static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    int i = 0;
    while (i < s.length()) {
      int percent = s.indexOf('%', i);
      int runEnd = percent < 0 ? s.length() : percent;
      byte[] run = s.substring(i, runEnd).getBytes(StandardCharsets.UTF_8);
      bytes.write(run, 0, run.length);
      if (percent < 0) {
        break;
      }
      if (percent + 2 >= s.length()) {
        return null;
      }
      int hi = Character.digit(s.charAt(percent + 1), 16);
      int lo = Character.digit(s.charAt(percent + 2), 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      bytes.write(hi * 16 + lo);
      i = percent + 3;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
