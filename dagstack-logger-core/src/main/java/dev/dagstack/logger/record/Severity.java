package dev.dagstack.logger.record;

import java.util.Locale;

/**
 * OpenTelemetry severity numbers (1..24) and their six canonical texts (spec §2).
 *
 * <p>Severities are plain {@code int}s so that a level check on the emit path is a single
 * comparison. The six primary constants are the first number of each bucket; any number in
 * 1..24 is valid and maps to its bucket's text:
 *
 * <pre>
 *  1-4 TRACE   5-8 DEBUG   9-12 INFO   13-16 WARN   17-20 ERROR   21-24 FATAL
 * </pre>
 */
public final class Severity {

  /** Fine-grained diagnostic (bucket 1-4). */
  public static final int TRACE = 1;
  /** Debug-level diagnostic (bucket 5-8). */
  public static final int DEBUG = 5;
  /** Informational (bucket 9-12). */
  public static final int INFO = 9;
  /** Warning conditions (bucket 13-16). */
  public static final int WARN = 13;
  /** Error requiring attention (bucket 17-20). */
  public static final int ERROR = 17;
  /** Critical, application-level failure (bucket 21-24). */
  public static final int FATAL = 21;

  /** The smallest valid severity number. */
  public static final int MIN = 1;
  /** The largest valid severity number. */
  public static final int MAX = 24;

  private static final String[] TEXTS = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};

  private Severity() {}

  /** Whether {@code severityNumber} lies in 1..24. */
  public static boolean isValid(int severityNumber) {
    return severityNumber >= MIN && severityNumber <= MAX;
  }

  /**
   * The canonical text of the bucket that {@code severityNumber} falls in, e.g. {@code 11 → "INFO"}.
   *
   * @throws IllegalArgumentException if the number is outside 1..24
   */
  public static String text(int severityNumber) {
    if (!isValid(severityNumber)) {
      throw new IllegalArgumentException(
          "severity_number must be between 1 and 24, got " + severityNumber);
    }
    return TEXTS[(severityNumber - 1) >> 2];
  }

  /**
   * Parses a level as written in configuration: one of the six names in any case
   * ({@code "info"}, {@code "WARN"}) or a number 1..24 ({@code "11"}). Surrounding whitespace is
   * ignored.
   *
   * @return the severity number; for a name, the first number of its bucket
   * @throws IllegalArgumentException naming the value and what is accepted
   */
  public static int parse(String level) {
    if (level == null) {
      throw new IllegalArgumentException(invalid("null"));
    }
    String trimmed = level.strip();
    for (int i = 0; i < TEXTS.length; i++) {
      if (TEXTS[i].equalsIgnoreCase(trimmed)) {
        return i * 4 + 1;
      }
    }
    if ("WARNING".equalsIgnoreCase(trimmed)) {
      return WARN;
    }
    if (!trimmed.isEmpty() && trimmed.length() <= 3
        && trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      int number = Integer.parseInt(trimmed);
      if (isValid(number)) {
        return number;
      }
    }
    throw new IllegalArgumentException(invalid("'" + level + "'"));
  }

  private static String invalid(String shown) {
    return "invalid severity " + shown
        + ": expected one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL (any case) or a number from 1 to 24";
  }
}
