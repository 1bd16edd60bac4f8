package dev.dagstack.logger.context;

import io.opentelemetry.context.Context;

/** Reads trace ids, flags and baggage through the OpenTelemetry Context API. */
public final class OpenTelemetryTraceContext {

  private OpenTelemetryTraceContext() {}

  /** The provider that reads {@code Context.current()}: the default. */
  public static TraceContextProvider provider() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** The trace context held by {@code context}; {@link TraceContext#EMPTY} for null or none. */
  public static TraceContext from(Context context) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
