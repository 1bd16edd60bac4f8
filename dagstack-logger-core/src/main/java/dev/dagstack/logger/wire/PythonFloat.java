package dev.dagstack.logger.wire;

import java.nio.charset.StandardCharsets;

/**
 * Lays out a finite double as Python's {@code repr} does: the shortest round-trip digits, fixed
 * notation when the decimal exponent is in [-4, 16) ({@code 0.0001}, {@code 100.0},
 * {@code 1234567890123456.0}), otherwise {@code d.ddde±XX} with at least two exponent digits
 * ({@code 1e-05}, {@code 1e+16}, {@code 5e-324}). {@code -0.0} is written {@code 0.0}: the wire
 * has no negative zero.
 */
final class PythonFloat {

  /** The most bytes {@link #write} produces: sign, 17 digits, point, 3 zeros, e, sign, 3 digits. */
  public static final int MAX_LENGTH = 32;

  private PythonFloat() {}

  /**
   * Writes finite {@code value} into {@code buffer} at {@code pos}, which must have
   * {@link #MAX_LENGTH} free bytes, using {@code digits} as scratch.
   *
   * @return the position after the last byte written
   */
  public static int write(double value, ShortestDouble digits, byte[] buffer, int pos) {
    if (value == 0) {
      buffer[pos++] = '0';
      buffer[pos++] = '.';
      buffer[pos++] = '0';
      return pos;
    }
    if (value < 0) {
      buffer[pos++] = '-';
      value = -value;
    }
    digits.compute(value);
    long f = digits.significand();
    int n = digits.digitCount();
    int scientificExponent = digits.exponent() + n - 1;
    if (scientificExponent >= -4 && scientificExponent < 16) {
      if (scientificExponent < 0) {
        buffer[pos++] = '0';
        buffer[pos++] = '.';
        for (int i = -1; i > scientificExponent; i--) {
          buffer[pos++] = '0';
        }
        return writeDigits(f, n, buffer, pos);
      }
      int integerDigits = scientificExponent + 1;
      if (n <= integerDigits) {
        pos = writeDigits(f, n, buffer, pos);
        for (int i = n; i < integerDigits; i++) {
          buffer[pos++] = '0';
        }
        buffer[pos++] = '.';
        buffer[pos++] = '0';
        return pos;
      }
      int end = writeDigits(f, n, buffer, pos + 1);
      // Shift the integer digits left by one to make room for the point.
      System.arraycopy(buffer, pos + 1, buffer, pos, integerDigits);
      buffer[pos + integerDigits] = '.';
      return end;
    }
    int end = writeDigits(f, n, buffer, pos + (n > 1 ? 1 : 0));
    if (n > 1) {
      buffer[pos] = buffer[pos + 1];
      buffer[pos + 1] = '.';
    }
    pos = end;
    buffer[pos++] = 'e';
    int e = scientificExponent;
    buffer[pos++] = (byte) (e < 0 ? '-' : '+');
    e = Math.abs(e);
    if (e >= 100) {
      buffer[pos++] = (byte) ('0' + e / 100);
    }
    buffer[pos++] = (byte) ('0' + e / 10 % 10);
    buffer[pos++] = (byte) ('0' + e % 10);
    return pos;
  }

  /** {@code value} as Python's {@code repr} writes it; {@code NaN}, {@code Infinity} for others. */
  public static String repr(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    byte[] buffer = new byte[MAX_LENGTH];
    int length = write(value, new ShortestDouble(), buffer, 0);
    return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
  }

  private static int writeDigits(long f, int n, byte[] buffer, int pos) {
    int end = pos + n;
    for (int i = end - 1; i >= pos; i--) {
      buffer[i] = (byte) ('0' + f % 10);
      f /= 10;
    }
    return end;
  }
}
