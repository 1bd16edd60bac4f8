/**
 * The redaction settings ({@link dev.dagstack.logger.redaction.RedactionConfig}): the key suffixes
 * whose values are masked before any sink sees a record, and the
 * {@link dev.dagstack.logger.redaction.Redactor} that masks them.
 *
 * <p>Layer: beside {@code processor}; imports {@code record} and the JDK. The root package
 * applies it, last; the viewer applies it to records read from files.
 *
 * <p>For sink, exporter and tool authors: {@link dev.dagstack.logger.redaction.Redactor} masks records
 * that did not pass through a logger (read from a file, received over the wire) with the same rules;
 * {@link dev.dagstack.logger.redaction.UrlCredentials} masks the credentials an endpoint URL
 * carries wherever one is shown.
 *
 * <p>Spec §10 (redaction).
 */
package dev.dagstack.logger.redaction;
