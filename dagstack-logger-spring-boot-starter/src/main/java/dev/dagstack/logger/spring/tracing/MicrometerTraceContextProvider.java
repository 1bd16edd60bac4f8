package dev.dagstack.logger.spring.tracing;

import dev.dagstack.logger.context.TraceContext;
import dev.dagstack.logger.context.TraceContextProvider;
import dev.dagstack.logger.record.HexIds;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the trace context from a Micrometer {@link Tracer} (Brave or OpenTelemetry bridge): the
 * current span's trace id, span id and sampled flag, and the allow-listed baggage. Without a
 * current span it asks {@code fallback} (the OpenTelemetry Context API by default), so spans
 * started directly through OpenTelemetry are still seen.
 */
public final class MicrometerTraceContextProvider implements TraceContextProvider {

  private static final int SAMPLED = 0x01;

  private final Tracer tracer;
  private final TraceContextProvider fallback;
  private final List<String> baggageKeys;

  /**
   * @param tracer the application's tracer
   * @param fallback asked when the tracer has no current span
   * @param baggageKeys the baggage keys to read (the logger's allow-list)
   */
  public MicrometerTraceContextProvider(Tracer tracer, TraceContextProvider fallback,
      Collection<String> baggageKeys) {
    this.tracer = tracer;
    this.fallback = fallback;
    this.baggageKeys = List.copyOf(baggageKeys);
  }

  @Override
  public TraceContext current() {
    try {
      Span span = tracer.currentSpan();
      if (span == null || span.isNoop()) {
        return fallback.current();
      }
      io.micrometer.tracing.TraceContext context = span.context();
      String traceId = widenTraceId(context.traceId());
      String spanId = context.spanId();
      if (!HexIds.isValid(traceId, 32) || !HexIds.isValid(spanId, 16)) {
        return fallback.current();
      }
      int flags = Boolean.TRUE.equals(context.sampled()) ? SAMPLED : 0;
      return new TraceContext(traceId, spanId, flags, baggage(context));
    } catch (RuntimeException e) {
      // A provider must never throw into an emit; no context is the safe answer.
      return TraceContext.EMPTY;
    }
  }

  private Map<String, String> baggage(io.micrometer.tracing.TraceContext context) {
    if (baggageKeys.isEmpty()) {
      return Map.of();
    }
    Map<String, String> all = tracer.getAllBaggage(context);
    if (all == null || all.isEmpty()) {
      return Map.of();
    }
    Map<String, String> allowed = new LinkedHashMap<>();
    for (String key : baggageKeys) {
      String value = all.get(key);
      if (value != null) {
        allowed.put(key, value);
      }
    }
    return allowed;
  }

  /** Brave may use 64-bit trace ids (16 hex characters); W3C and the wire want 32. */
  private static String widenTraceId(String traceId) {
    return traceId != null && traceId.length() == 16 ? "0000000000000000" + traceId : traceId;
  }
}
