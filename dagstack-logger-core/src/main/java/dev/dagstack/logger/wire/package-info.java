/**
 * The codecs: canonical dagstack JSON lines, OpenTelemetry JSON, the pretty console format, and their
 * parsers; record size limits and truncation.
 *
 * <p>Layer: above {@code record}; imports nothing else of the library.
 *
 * <p>For sink and exporter authors: {@link dev.dagstack.logger.wire.RecordEncoder} (from
 * {@link dev.dagstack.logger.wire.WireFormat#newEncoder()}) writes records in the project's wire formats,
 * {@link dev.dagstack.logger.wire.RecordTruncation} is the documented cut of an oversized record, and
 * {@link dev.dagstack.logger.wire.PrettyFormatter} renders the console's human-readable line.
 *
 * <p>Spec §1 (the JSON-lines wire), §12 of the contract (wire formats), §7.2 (record limits).
 */
package dev.dagstack.logger.wire;
