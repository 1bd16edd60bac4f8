package dev.dagstack.logger.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonFloatTest {

  @ParameterizedTest
  @CsvSource({
    "1.0, 1.0", "100.0, 100.0", "0.1, 0.1", "0.0001, 0.0001", "0.00001, 1e-05",
    "1e16, 1e+16", "1234567890123456.0, 1234567890123456.0",
    "12345678901234567.0, 1.2345678901234568e+16", "4.9e-324, 5e-324", "1e-323, 1e-323",
    "1.7976931348623157e308, 1.7976931348623157e+308", "2e23, 2e+23", "-0.0, 0.0",
    "-1.5, -1.5", "123.456, 123.456", "1e22, 1e+22", "9999999999999998.0, 9999999999999998.0",
    "0.3, 0.3", "5e-5, 5e-05", "1e100, 1e+100", "-2.5e-7, -2.5e-07"
  })
  void laysOutLikePythonRepr(double value, String expected) {
    assertThat(PythonFloat.repr(value)).isEqualTo(expected);
  }

  /**
   * The short-decimal shortcut gives the general algorithm's digits: decimals of one to three
   * places of every size up to past its limit, their neighbours one ulp away (which are not such
   * decimals), and values just below and above the limit.
   */
  @Test
  void theShortDecimalShortcutAgreesWithTheGeneralAlgorithm() {
    ShortestDouble fast = new ShortestDouble();
    ShortestDouble general = new ShortestDouble();
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < 2_000_000 && mismatches.size() < 20; i++) {
      int places = 1 + random.nextInt(3);
      long m = random.nextLong(1, (long) Math.pow(10, 1 + random.nextInt(15)));
      double decimal = m / Math.pow(10, places);
      for (double value : new double[] {decimal, Math.nextUp(decimal), Math.nextDown(decimal),
          9e11 - decimal, 9e11 + decimal}) {
        if (value <= 0 || Double.isInfinite(value)) {
          continue;
        }
        fast.compute(value);
        general.computeGeneral(value);
        if (fast.significand() != general.significand()
            || fast.exponent() != general.exponent()) {
          mismatches.add(value + ": " + fast.significand() + "e" + fast.exponent() + " vs "
              + general.significand() + "e" + general.exponent());
        }
      }
    }
    // Beside powers of ten (a shorter decimal in the next decade), just above powers of two (a
    // narrower interval below), and at the limit.
    List<Double> edges = new ArrayList<>();
    for (int n = -3; n <= 12; n++) {
      for (int places = 1; places <= 3; places++) {
        double power = Math.pow(10, n);
        double step = Math.pow(10, -places);
        edges.add(power + step);
        edges.add(power - step);
      }
    }
    for (int n = -10; n <= 39; n++) {
      double power = Math.scalb(1.0, n);
      edges.add(Math.nextUp(power));
      edges.add(power + 0.001);
      edges.add(power + 0.125);
    }
    edges.add(9e11 - 0.001);
    edges.add(9e11 - 0.125);
    for (double value : edges) {
      if (value <= 0) {
        continue;
      }
      fast.compute(value);
      general.computeGeneral(value);
      if (fast.significand() != general.significand() || fast.exponent() != general.exponent()) {
        mismatches.add(value + ": " + fast.significand() + "e" + fast.exponent() + " vs "
            + general.significand() + "e" + general.exponent());
      }
    }
    assertThat(mismatches).isEmpty();
  }

  /** src/test/resources/wire/python-float-repr.txt was written by Python 3 (see the .py next to it). */
  @Test
  void matchesPythonReprOnTheGoldenFile() throws IOException {
    List<String> mismatches = new ArrayList<>();
    int checked = 0;
    try (InputStream in = getClass().getResourceAsStream("/wire/python-float-repr.txt");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("#")) {
          continue;
        }
        int space = line.indexOf(' ');
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(line.substring(0, space), 16));
        String expected = line.substring(space + 1);
        String actual = PythonFloat.repr(value);
        if (!actual.equals(expected) && mismatches.size() < 20) {
          mismatches.add(line + " -> " + actual);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(25_000);
    assertThat(mismatches).isEmpty();
  }

  /** Round trip and minimality against an exact BigDecimal check, over random bit patterns. */
  @Test
  void shortestDigitsRoundTripAndNoShorterOneDoes() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    ShortestDouble digits = new ShortestDouble();
    for (int i = 0; i < 20_000; i++) {
      double value = Math.abs(Double.longBitsToDouble(random.nextLong()));
      if (!Double.isFinite(value) || value == 0) {
        continue;
      }
      digits.compute(value);
      BigDecimal decimal = BigDecimal.valueOf(digits.significand()).scaleByPowerOfTen(digits.exponent());
      assertThat(decimal.doubleValue()).as("seed %d, value %s", seed, value).isEqualTo(value);
      if (digits.digitCount() > 1) {
        BigDecimal shorter = decimal.round(new java.math.MathContext(digits.digitCount() - 1,
            java.math.RoundingMode.HALF_EVEN));
        BigDecimal down = decimal.round(new java.math.MathContext(digits.digitCount() - 1,
            java.math.RoundingMode.DOWN));
        BigDecimal up = decimal.round(new java.math.MathContext(digits.digitCount() - 1,
            java.math.RoundingMode.UP));
        assertThat(shorter.doubleValue() != value && down.doubleValue() != value
            && up.doubleValue() != value).as("seed %d, value %s", seed, value).isTrue();
      }
    }
  }
}
