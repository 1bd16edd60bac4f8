package dev.dagstack.logger.convention;

/**
 * Where operation spans come from (spec §5.1: "where a tracer is configured, opens a span"). The
 * default opens them through the OpenTelemetry API ({@link ConventionsConfig#openTelemetry()});
 * the Spring starter plugs in Micrometer Tracing, so that the spans are current for Micrometer's
 * tracer too.
 */
public interface OperationSpans {

  /**
   * Starts a span named after {@code operation}, with its {@code operation.*} attributes, and
   * makes it current on the calling thread.
   *
   * @return the span, or {@code null} when no tracer is available (no span, nothing current)
   */
  OperationSpan start(Operation operation);

  /** A started operation span. */
  interface OperationSpan {
    /**
     * Records {@code operation.status} and {@code operation.duration_ms} (and {@code error}, when
     * not null) on the span, restores what was current before {@link #start} and ends the span.
     * Called once, on the thread that started it.
     */
    void end(OperationStatus status, Throwable error, long durationMs);
  }
}
