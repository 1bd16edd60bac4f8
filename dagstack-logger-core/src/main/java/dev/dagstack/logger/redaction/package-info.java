/**
 * The redaction settings ({@link dev.dagstack.logger.redaction.RedactionConfig}): the key suffixes
 * whose values are masked before any sink sees a record.
 *
 * <p>Layer: beside {@code processor}; imports the JDK only. The root package applies it, last.
 *
 * <p>Spec §10 (redaction).
 */
package dev.dagstack.logger.redaction;
