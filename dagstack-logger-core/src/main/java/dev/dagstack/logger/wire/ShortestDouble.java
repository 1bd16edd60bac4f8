/*
 * Adapted from the Schubfach algorithm of Raffaello Giulietti, "The Schubfach way to render
 * doubles" (2020), as implemented in OpenJDK's jdk.internal.math.DoubleToDecimal and MathUtils
 * (Copyright (c) 2021, 2022, Raffaello Giulietti; released by its author under the MIT license in
 * https://github.com/rgiulietti/schubfach).
 *
 * Changes: Python repr semantics instead of Java's Double.toString (a one-digit result is allowed,
 * so the shortest digits are always chosen, e.g. 5e-324 where the JDK gives 4.9E-324); the table
 * of powers of ten is computed at class initialisation instead of being a literal; the result is
 * returned as digits and exponent, and laid out by PythonFloat.
 */
package dev.dagstack.logger.wire;

import java.math.BigInteger;

/**
 * The shortest decimal that rounds back to a given double (round-to-nearest-even reading), and
 * the closest such decimal to the double's exact value when several have the same length: the
 * digits Python's {@code repr} (David Gay's {@code dtoa} mode 0) prints.
 *
 * <p>A mutable result holder: {@link #compute(double)} fills {@link #significand()} and
 * {@link #exponent()}, so that callers on the hot path allocate nothing. Not thread-safe.
 */
final class ShortestDouble {

  private static final int P = 53;
  private static final int Q_MIN = -1074;
  private static final int BQ_MASK = 0x7ff;
  private static final long T_MASK = (1L << (P - 1)) - 1;
  private static final long C_MIN = 1L << (P - 1);
  private static final long MASK_63 = (1L << 63) - 1;

  private static final int K_MIN = flog10pow2(Q_MIN);
  private static final int K_MAX = flog10pow2(BQ_MASK - 1 - 1075);

  /** g1 and g0 of each k in K_MIN..K_MAX, interleaved: the 126-bit approximations of 10^-k. */
  private static final long[] G = powersOfTen();

  private long significand;
  private int exponent;

  /**
   * Computes the shortest decimal of {@code value}, which must be finite and positive.
   * Afterwards {@code significand() * 10^exponent()} is that decimal; the significand has no
   * trailing zeros.
   */
  public void compute(double value) {
    compute(value, true);
  }

  /** {@link #compute} without the shortcuts for integers and short decimals (for tests). */
  void computeGeneral(double value) {
    compute(value, false);
  }

  private void compute(double value, boolean shortcuts) {
    long bits = Double.doubleToRawLongBits(value);
    long t = bits & T_MASK;
    int bq = (int) (bits >>> (P - 1)) & BQ_MASK;
    if (bq == 0) {
      // Subnormal: unlike the JDK, no extra digit is forced for the smallest ones.
      toDecimal(Q_MIN, t);
      return;
    }
    int mq = -Q_MIN + 1 - bq;
    long c = C_MIN | t;
    if (shortcuts) {
      if (0 < mq && mq < P) {
        long f = c >> mq;
        if (f << mq == c) {
          // An integer below 2^53: its own digits are the shortest.
          set(f, 0);
          return;
        }
      }
      if (value < DECIMAL_LIMIT && shortDecimal(value)) {
        return;
      }
    }
    toDecimal(-mq, c);
  }

  /**
   * Below this the doubles are spaced at most 2^-13 (about 1.2e-4) apart, finer than 0.001, and
   * value * 1000 is below 2^53.
   */
  private static final double DECIMAL_LIMIT = 9e11;
  private static final double[] PLACES = {1, 10, 100, 1000};

  /**
   * A value that is a decimal of one to three places (a price, milliseconds) has those digits as
   * its shortest, and as the only shortest: {@code m / 10^k} reading back as the value (IEEE
   * division rounds correctly, m and 10^k are exact) makes d = {@code m * 10^-k} a decimal that
   * rounds to it. Let 10^-j (j &lt;= k) be d's last non-zero place and 10^L &lt;= d its decade.
   * Another decimal with no more digits than d is, in d's decade or above, a multiple of 10^-j
   * too, so at least 10^-j away; below 10^L it is at least d - 10^L &gt;= 10^-j away (d has a
   * non-zero fraction, so it is not 10^L itself). Every decimal that rounds to the value lies in
   * its rounding interval, at most one spacing (1.2e-4 &lt; 10^-j) wide below
   * {@link #DECIMAL_LIMIT}. So d is what the general algorithm gives, with no tie for Python's
   * closest-of-equals rule. Cheaper; false when it does not apply.
   */
  private boolean shortDecimal(double value) {
    for (int k = 1; k <= 3; k++) {
      double place = PLACES[k];
      double scaled = value * place;
      long m = (long) scaled;
      if (m == scaled && m / place == value) {
        set(m, -k);
        return true;
      }
    }
    return false;
  }

  /** The decimal significand of the last result (1..10^17, no trailing zeros). */
  public long significand() {
    return significand;
  }

  /** The power of ten of the last result. */
  public int exponent() {
    return exponent;
  }

  /** How many digits the last significand has. */
  public int digitCount() {
    long f = significand;
    int n = 1;
    while (f >= 10) {
      f /= 10;
      n++;
    }
    return n;
  }

  private void toDecimal(int q, long c) {
    int out = (int) c & 0x1;
    long cb = c << 2;
    long cbr = cb + 2;
    long cbl;
    int k;
    if (c != C_MIN | q == Q_MIN) {
      cbl = cb - 2;
      k = flog10pow2(q);
    } else {
      cbl = cb - 1;
      k = flog10threeQuartersPow2(q);
    }
    int h = q + flog2pow10(-k) + 2;
    int index = (k - K_MIN) << 1;
    long g1 = G[index];
    long g0 = G[index + 1];
    long vb = rop(g1, g0, cb << h);
    long vbl = rop(g1, g0, cbl << h);
    long vbr = rop(g1, g0, cbr << h);

    long s = vb >> 2;
    if (s >= 10) {
      // One digit fewer: the multiples of ten around s. At most one of them can lie in the
      // rounding interval; if one does, it is the unique shortest.
      long sp10 = 10 * Math.multiplyHigh(s, 115_292_150_460_684_698L << 4);
      long tp10 = sp10 + 10;
      boolean upin = vbl + out <= sp10 << 2;
      boolean wpin = (tp10 << 2) + out <= vbr;
      if (upin != wpin) {
        set(upin ? sp10 : tp10, k);
        return;
      }
    }
    long t = s + 1;
    boolean uin = vbl + out <= s << 2;
    boolean win = (t << 2) + out <= vbr;
    if (uin != win) {
      set(uin ? s : t, k);
      return;
    }
    // Both lie in the interval: the closer one, the even one on a tie.
    long cmp = vb - ((s + t) << 1);
    set(cmp < 0 || cmp == 0 && (s & 0x1) == 0 ? s : t, k);
  }

  private void set(long f, int e) {
    while (f % 10 == 0) {
      f /= 10;
      e++;
    }
    significand = f;
    exponent = e;
  }

  /** Rounds to odd the top 64 bits of g * cp (g = g1 * 2^63 + g0). */
  private static long rop(long g1, long g0, long cp) {
    long x1 = Math.multiplyHigh(g0, cp);
    long y0 = g1 * cp;
    long y1 = Math.multiplyHigh(g1, cp);
    long z = (y0 >>> 1) + x1;
    long vbp = y1 + (z >>> 63);
    return vbp | ((z & MASK_63) + MASK_63) >>> 63;
  }

  /** floor(e * log10(2)), exact for |e| <= 5456721. */
  static int flog10pow2(int e) {
    return (int) (e * 661_971_961_083L >> 41);
  }

  /** floor(log10(3/4 * 2^e)), exact for |e| <= 5456721. */
  static int flog10threeQuartersPow2(int e) {
    return (int) ((e * 661_971_961_083L + -274_743_187_321L) >> 41);
  }

  /** floor(e * log2(10)), exact for |e| <= 1838394. */
  static int flog2pow10(int e) {
    return (int) (e * 913_124_641_741L >> 38);
  }

  /**
   * For each k: 10^-k = beta * 2^r with 2^125 <= beta < 2^126, and g = floor(beta) + 1, split
   * into its high and low 63 bits.
   */
  private static long[] powersOfTen() {
    long[] table = new long[(K_MAX - K_MIN + 1) * 2];
    BigInteger mask63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
    for (int k = K_MIN; k <= K_MAX; k++) {
      int e = -k;
      int r = flog2pow10(e) - 125;
      BigInteger g;
      if (e >= 0) {
        BigInteger pow = BigInteger.TEN.pow(e);
        g = r >= 0 ? pow.shiftRight(r) : pow.shiftLeft(-r);
      } else {
        g = BigInteger.ONE.shiftLeft(-r).divide(BigInteger.TEN.pow(-e));
      }
      g = g.add(BigInteger.ONE);
      int index = (k - K_MIN) << 1;
      table[index] = g.shiftRight(63).longValueExact();
      table[index + 1] = g.and(mask63).longValueExact();
    }
    return table;
  }
}
