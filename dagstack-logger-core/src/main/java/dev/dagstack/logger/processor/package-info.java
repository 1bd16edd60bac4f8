/**
 * The {@link dev.dagstack.logger.processor.LogRecordProcessor} SPI (OpenTelemetry's LogRecordProcessor
 * shape) and the built-in processors: enrichment, samplers, redaction patterns, and the chain that runs
 * them.
 *
 * <p>Layer: above {@code record} and {@code diagnostic}; knows nothing of sinks or loggers.
 *
 * <p>Spec §8 (processors and sampling), §10.3 (pattern redaction).
 */
package dev.dagstack.logger.processor;
