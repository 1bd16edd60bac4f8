package dev.dagstack.logger.spring.tracing;

import dev.dagstack.logger.context.TraceContext;
import dev.dagstack.logger.context.TraceContextProvider;
import dev.dagstack.logger.record.HexIds;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.Map;

/**
 * Reads the trace context from a Micrometer {@link Tracer} (Brave or OpenTelemetry bridge): the
 * current span's trace id, span id and sampled flag, and its baggage (the logger keeps the
 * allow-listed entries: {@code baggage-keys} is applied in one place, the core). Without a
 * current span it asks {@code fallback} (the OpenTelemetry Context API by default), so spans
 * started directly through OpenTelemetry are still seen.
 */
public final class MicrometerTraceContextProvider implements TraceContextProvider {

  private static final int SAMPLED = 0x01;

  private final Tracer tracer;
  private final TraceContextProvider fallback;

  /**
   * @param tracer the application's tracer
   * @param fallback asked when the tracer has no current span
   */
  public MicrometerTraceContextProvider(Tracer tracer, TraceContextProvider fallback) {
    this.tracer = tracer;
    this.fallback = fallback;
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
    Map<String, String> all = tracer.getAllBaggage(context);
    return all == null ? Map.of() : all;
  }

  /** Brave may use 64-bit trace ids (16 hex characters); W3C and the wire want 32. */
  private static String widenTraceId(String traceId) {
    return traceId != null && traceId.length() == 16 ? "0000000000000000" + traceId : traceId;
  }
}
