package dev.dagstack.logger.spring.tracing;

import dev.dagstack.logger.spring.observation.OperationObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

/**
 * Makes an observation's span (the one Micrometer Tracing's handler made for it) current on the
 * calling thread, so the operation records the observation handler writes outside the
 * observation's own scope (its start and stop) carry its trace and span ids (spec §5.1).
 */
public final class MicrometerObservationSpanScopes implements OperationObservationHandler.SpanScopes {

  private final Tracer tracer;

  public MicrometerObservationSpanScopes(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public AutoCloseable open(Observation.Context context) {
    TracingObservationHandler.TracingContext tracing =
        context.get(TracingObservationHandler.TracingContext.class);
    Span span = tracing == null ? null : tracing.getSpan();
    return span == null ? null : tracer.withSpan(span);
  }
}
