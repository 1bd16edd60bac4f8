package dev.dagstack.logger.record;

/**
 * Checks of the lowercase-hex trace and span ids of the wire format (spec §1: {@code trace_id}
 * is 32 lowercase hex characters, {@code span_id} 16, never all zeros in place of "absent").
 *
 * <p>Extension SPI, for {@code TraceContextProvider} and parser authors. {@link LogRecord}'s
 * constructor throws {@code IllegalArgumentException} for an invalid id, and an emit whose
 * provider returned one drops the trace fields and warns on the diagnostic channel; check an id
 * from a foreign tracer here first and fall back when it fails, as the Spring Boot starter's
 * Micrometer provider does.
 */
public final class HexIds {

  private HexIds() {}

  /**
   * Whether {@code value} has exactly {@code length} lowercase hex characters and is not all
   * zeros (all zeros means "absent" in W3C Trace Context, and the wire omits absent ids).
   *
   * @param value the id, may be {@code null} (then {@code false})
   * @param length characters expected: 32 for a trace id, 16 for a span id
   */
  public static boolean isValid(String value, int length) {
    if (value == null || value.length() != length) {
      return false;
    }
    boolean nonZero = false;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
      nonZero |= c != '0';
    }
    return nonZero;
  }
}
