package dev.dagstack.logger.context;

import java.util.Map;

/**
 * The trace state a record is stamped with: the current span's ids and flags and the W3C
 * Baggage entries in scope (the logger keeps only the allow-listed ones).
 *
 * @param traceId 32 lowercase hex characters, or {@code null} without a valid span
 * @param spanId 16 lowercase hex characters, or {@code null} without a valid span
 * @param traceFlags W3C trace flags (bit 0: sampled)
 * @param baggage baggage entries, never {@code null}
 */
public record TraceContext(String traceId, String spanId, int traceFlags, Map<String, String> baggage) {

  /** No span, no baggage. */
  public static final TraceContext EMPTY = new TraceContext(null, null, 0, Map.of());

  /** Replaces {@code null} baggage with none. */
  public TraceContext {
    if (baggage == null) {
      baggage = Map.of();
    }
  }

  /** Whether a valid span is present. */
  public boolean hasSpan() {
    return traceId != null && spanId != null;
  }
}
