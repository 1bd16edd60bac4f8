package dev.dagstack.logger.context;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;

/** Reads trace ids, flags and baggage through the OpenTelemetry Context API. */
public final class OpenTelemetryTraceContext {

  private static final TraceContextProvider PROVIDER = new TraceContextProvider() {
    @Override
    public TraceContext current() {
      return from(Context.current());
    }

    @Override
    public String toString() {
      return "OpenTelemetryTraceContext.provider()";
    }
  };

  private OpenTelemetryTraceContext() {}

  /** The provider that reads {@code Context.current()}: the default. */
  public static TraceContextProvider provider() {
    return PROVIDER;
  }

  /** The trace context held by {@code context}; {@link TraceContext#EMPTY} for null or none. */
  public static TraceContext from(Context context) {
    // The root context (no span, no baggage) is what most emits outside a request see.
    if (context == null || context == Context.root()) {
      return TraceContext.EMPTY;
    }
    try {
      SpanContext span = Span.fromContext(context).getSpanContext();
      Map<String, String> baggage = baggageOf(Baggage.fromContext(context));
      if (!span.isValid()) {
        return baggage.isEmpty() ? TraceContext.EMPTY : new TraceContext(null, null, 0, baggage);
      }
      return new TraceContext(
          span.getTraceId(), span.getSpanId(), span.getTraceFlags().asByte() & 0xff, baggage);
    } catch (RuntimeException e) {
      // A provider must never throw; a broken Context implementation just means no trace fields.
      return TraceContext.EMPTY;
    }
  }

  private static Map<String, String> baggageOf(Baggage baggage) {
    if (baggage.isEmpty()) {
      return Map.of();
    }
    Map<String, String> entries = new HashMap<>(baggage.size() * 2);
    baggage.forEach((key, entry) -> entries.put(key, entry.getValue()));
    return entries;
  }
}
