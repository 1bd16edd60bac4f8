package dev.dagstack.logger.record;

/** Checks of the lowercase-hex trace and span ids of the wire format. */
public final class HexIds {

  private HexIds() {}

  /**
   * Whether {@code value} has exactly {@code length} lowercase hex characters and is not all
   * zeros (all zeros means "absent" in W3C Trace Context, and the wire omits absent ids).
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
