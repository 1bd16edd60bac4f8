package dev.dagstack.logger.context;

/**
 * The source of the ambient trace context for plain emits. The default reads the OpenTelemetry
 * Context API ({@link OpenTelemetryTraceContext#provider()}); the Spring Boot starter plugs in
 * Micrometer Tracing when a {@code Tracer} bean exists. Must be thread-safe, fast and never
 * throw.
 */
@FunctionalInterface
public interface TraceContextProvider {

  /** The trace context of the calling thread, or {@link TraceContext#EMPTY}. */
  TraceContext current();
}
