package dev.dagstack.logger.convention;

/** What a typed event that breaks its schema does (spec §5.2). */
public enum ValidationMode {
  /**
   * The default: the record is written, the violation is reported on the diagnostic channel
   * (rate-limited per event) and counted ({@link TypedEvents#violationCount()}).
   */
  REPORT,
  /**
   * {@code emitEvent} throws an {@link EventSchemaException} listing the missing and surplus
   * attributes, and writes nothing: for tests and development.
   */
  STRICT
}
