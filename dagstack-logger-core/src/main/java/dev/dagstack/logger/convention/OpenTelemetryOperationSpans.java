package dev.dagstack.logger.convention;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.function.Supplier;

/** Operation spans through the OpenTelemetry API; a no-op tracer gives no span. */
final class OpenTelemetryOperationSpans implements OperationSpans {

  /** Instrumentation scope name of operation spans. */
  static final String TRACER_NAME = "dev.dagstack.logger";

  /** The instance to use, looked up per operation ({@code null}: no spans). */
  private final Supplier<OpenTelemetry> openTelemetry;

  OpenTelemetryOperationSpans(Supplier<OpenTelemetry> openTelemetry) {
    this.openTelemetry = openTelemetry;
  }

  @Override
  public OperationSpan start(Operation operation) {
    OpenTelemetry instance = openTelemetry.get();
    if (instance == null) {
      return null;
    }
    SpanContext parent = Span.current().getSpanContext();
    AttributesBuilder attributes = Attributes.builder()
        .put("operation.name", operation.name())
        .put("operation.id", operation.id())
        .put("operation.kind", operation.kind());
    if (operation.parentId() != null) {
      attributes.put("operation.parent.id", operation.parentId());
    }
    Span span = instance.getTracer(TRACER_NAME).spanBuilder(operation.name())
        .setAllAttributes(attributes.build()).startSpan();
    SpanContext context = span.getSpanContext();
    // A no-op tracer hands back the parent (or an invalid span): no span of our own.
    if (!context.isValid() || context.getSpanId().equals(parent.getSpanId())) {
      return null;
    }
    Scope scope = span.makeCurrent();
    return (status, error, durationMs) -> {
      try {
        span.setAttribute("operation.status", status.value());
        span.setAttribute("operation.duration_ms", durationMs);
        if (status != OperationStatus.OK) {
          if (error != null) {
            span.recordException(error);
          }
          span.setStatus(StatusCode.ERROR, status.value());
        }
      } finally {
        scope.close();
        span.end();
      }
    };
  }
}
