package dev.dagstack.logger.spring.tracing;

import dev.dagstack.logger.convention.Operation;
import dev.dagstack.logger.convention.OperationSpans;
import dev.dagstack.logger.convention.OperationStatus;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

/**
 * Operation spans through Micrometer Tracing (spec §5.1): a child of the current span, current
 * for Micrometer's tracer (and so for the records' trace context) while the operation runs.
 */
public final class MicrometerOperationSpans implements OperationSpans {

  private final Tracer tracer;

  public MicrometerOperationSpans(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public OperationSpan start(Operation operation) {
    Span span = tracer.nextSpan().name(operation.name())
        .tag("operation.name", operation.name())
        .tag("operation.id", operation.id())
        .tag("operation.kind", operation.kind());
    if (operation.parentId() != null) {
      span.tag("operation.parent.id", operation.parentId());
    }
    if (span.isNoop()) {
      return null;
    }
    span.start();
    Tracer.SpanInScope scope = tracer.withSpan(span);
    return (OperationStatus status, Throwable error, long durationMs) -> {
      try {
        span.tag("operation.status", status.value());
        span.tag("operation.duration_ms", durationMs);
        if (error != null) {
          span.error(error);
        }
      } finally {
        scope.close();
        span.end();
      }
    };
  }
}
