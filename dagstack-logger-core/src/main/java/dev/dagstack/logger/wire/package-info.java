/**
 * The codecs: canonical dagstack JSON lines, OpenTelemetry JSON, the pretty console format, and their
 * parsers; record size limits and truncation.
 *
 * <p>Layer: above {@code record}; imports nothing else of the library.
 *
 * <p>Spec §1 (the JSON-lines wire), §12 of the contract (wire formats), §7.2 (record limits).
 */
package dev.dagstack.logger.wire;
