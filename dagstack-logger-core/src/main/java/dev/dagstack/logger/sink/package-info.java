/**
 * Where records go: the {@link dev.dagstack.logger.sink.Sink} contract, the shared queue-and-worker
 * batching engine ({@link dev.dagstack.logger.sink.BatchingSink}, {@link dev.dagstack.logger.sink.BatchExporter}),
 * and the console, file and in-memory sinks; drop reasons and their exact counts.
 *
 * <p>Layer: above {@code record}, {@code wire}, {@code diagnostic} and {@code processor}; knows nothing of
 * loggers, scopes or configuration.
 *
 * <p>For sink authors: {@link dev.dagstack.logger.sink.DropLedger} counts and reports a sink's drops
 * exactly (per reason), {@link dev.dagstack.logger.sink.RecordSize} is the byte estimate the built-in
 * buffers are bounded by. {@link dev.dagstack.logger.sink.Terminal} is public for the {@code cli}
 * package only and not part of the supported API.
 *
 * <p>Spec §7 (sinks, flush, drops), §7.2 (bounds, rotation).
 */
package dev.dagstack.logger.sink;
