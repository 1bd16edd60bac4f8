/**
 * Where records go: the {@link dev.dagstack.logger.sink.Sink} contract, the shared queue-and-worker
 * batching engine ({@link dev.dagstack.logger.sink.BatchingSink}, {@link dev.dagstack.logger.sink.BatchExporter}),
 * and the console, file and in-memory sinks; drop reasons and their exact counts.
 *
 * <p>Layer: above {@code record}, {@code wire}, {@code diagnostic} and {@code processor}; knows nothing of
 * loggers, scopes or configuration.
 *
 * <p>Spec §7 (sinks, flush, drops), §7.2 (bounds, rotation).
 */
package dev.dagstack.logger.sink;
