package dev.dagstack.logger.processor;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;

/** Deterministic keep/drop decisions shared by the samplers. */
final class Sampling {

  private Sampling() {}

  /**
   * The keep threshold of {@code fraction} against {@link #keep}'s 53-bit draw.
   *
   * @throws IllegalArgumentException when {@code fraction} is not in 0..1
   */
  static long threshold(String what, double fraction) {
    if (!(fraction >= 0.0 && fraction <= 1.0)) {
      throw new IllegalArgumentException(what + " must be a number between 0 and 1, got "
          + fraction);
    }
    return (long) (fraction * (1L << 53));
  }

  /** Whether a record hashing to {@code hash} is kept under {@code threshold}. */
  static boolean keep(long hash, long threshold) {
    return (mix(hash) >>> 11) < threshold;
  }

  /**
   * The record's identity: time, severity, scope name and body. The same record always hashes
   * the same, in any process, so a decision can be reproduced.
   */
  static long identity(LogRecord record) {
    long h = record.timeUnixNano();
    h = h * 31 + record.severityNumber();
    h = h * 31 + record.instrumentationScope().name().hashCode();
    Object body = record.body();
    h = h * 31 + (body == null ? 0 : body.hashCode());
    return h;
  }

  /** A trace id's lower 64 bits (its random part in W3C Trace Context level 2). */
  static long traceIdentity(String traceId) {
    return Long.parseUnsignedLong(traceId.substring(16), 16);
  }

  static int checkSeverity(String what, int severityNumber) {
    if (!Severity.isValid(severityNumber)) {
      throw new IllegalArgumentException(what + " must be a severity number between 1 and 24, got "
          + severityNumber);
    }
    return severityNumber;
  }

  /** SplitMix64's finaliser: spreads close inputs (consecutive timestamps) over all bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
