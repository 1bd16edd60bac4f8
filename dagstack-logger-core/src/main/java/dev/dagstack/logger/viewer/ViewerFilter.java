package dev.dagstack.logger.viewer;

import dev.dagstack.logger.record.HexIds;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The viewer's record filter, read from the query parameters the page keeps in its URL:
 * {@code level} (threshold: a severity name or number), {@code logger} (a scope name and the
 * names below it: {@code a.b} matches {@code a.b} and {@code a.b.c}, not {@code a.bc}),
 * {@code request_id}, {@code operation} (an {@code operation.id} or {@code operation.name}),
 * {@code trace_id} (32 hex digits, either case, not all zeros), {@code q} (case-insensitive text in the body, attribute keys
 * and values). An absent parameter does not filter (the query parser refuses empty ones).
 */
final class ViewerFilter {

  /** The filter parameters, in the order the page shows them. */
  static final List<String> PARAMS = List.of("level", "logger", "request_id", "operation", "trace_id", "q");

  private final int minSeverity;
  private final String logger;
  private final String requestId;
  private final String operation;
  private final String traceId;
  private final String text;

  private ViewerFilter(int minSeverity, String logger, String requestId, String operation,
      String traceId, String text) {
    this.minSeverity = minSeverity;
    this.logger = logger;
    this.requestId = requestId;
    this.operation = operation;
    this.traceId = traceId;
    this.text = text;
  }

  /** @throws IllegalArgumentException naming the parameter and its bad value */
  static ViewerFilter from(Map<String, String> params) {
    String level = value(params, "level");
    int min = 1;
    if (level != null) {
      try {
        min = Severity.parse(level);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("level: " + e.getMessage(), e);
      }
    }
    String trace = value(params, "trace_id");
    String traceId = trace == null ? null : trace.toLowerCase(Locale.ROOT);
    if (traceId != null && !HexIds.isValid(traceId, 32)) {
      // Otherwise a typo (or the all-zero id, which no record has) matches nothing, silently.
      throw new IllegalArgumentException("trace_id: must be 32 hex digits, not all zeros, got '"
          + trace + "'");
    }
    String q = value(params, "q");
    return new ViewerFilter(min, value(params, "logger"), value(params, "request_id"),
        value(params, "operation"), traceId, q == null ? null : q.toLowerCase(Locale.ROOT));
  }

  private static String value(Map<String, String> params, String name) {
    String v = params.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  boolean matches(LogRecord record) {
    if (record.severityNumber() < minSeverity) {
      return false;
    }
    if (logger != null && !underLogger(record.instrumentationScope().name())) {
      return false;
    }
    Map<String, Object> attrs = record.attributes();
    if (requestId != null && !requestId.equals(asText(attrs.get("request.id")))) {
      return false;
    }
    if (operation != null && !operation.equals(asText(attrs.get("operation.id")))
        && !operation.equals(asText(attrs.get("operation.name")))) {
      return false;
    }
    if (traceId != null && !traceId.equals(record.traceId())) {
      return false;
    }
    return text == null || containsText(record);
  }

  /** {@code order_service} matches itself and {@code order_service.api}, not {@code order_service2}. */
  private boolean underLogger(String name) {
    return name.startsWith(logger) && (name.length() == logger.length()
        || logger.endsWith(".") || name.charAt(logger.length()) == '.');
  }

  private boolean containsText(LogRecord record) {
    if (contains(record.bodyText())) {
      return true;
    }
    for (Map.Entry<String, Object> e : record.attributes().entrySet()) {
      if (contains(e.getKey()) || contains(String.valueOf(e.getValue()))) {
        return true;
      }
    }
    return false;
  }

  private boolean contains(String haystack) {
    return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(text);
  }

  private static String asText(Object value) {
    return value == null ? null : String.valueOf(value);
  }
}
