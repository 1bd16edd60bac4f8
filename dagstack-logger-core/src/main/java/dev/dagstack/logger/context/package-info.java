/**
 * What an emit reads from the calling thread: scoped overrides
 * ({@link dev.dagstack.logger.context.LoggingScope}, {@link dev.dagstack.logger.context.ScopeSnapshot}), trace
 * context and baggage ({@link dev.dagstack.logger.context.TraceContextProvider}), and the process-wide taps
 * (test captures, the viewer).
 *
 * <p>Layer: above {@code sink} (a scope can add sinks); below the conventions and the root package.
 *
 * <p>{@link dev.dagstack.logger.context.ScopeContext}, {@link dev.dagstack.logger.context.ScopeState} and
 * {@link dev.dagstack.logger.context.Taps} are not part of the supported API: public only for the
 * packages above this one (root, {@code convention}, {@code viewer}) and the Spring Boot modules.
 *
 * <p>Spec §3.4 (trace context), §6 (scoped overrides).
 */
package dev.dagstack.logger.context;
