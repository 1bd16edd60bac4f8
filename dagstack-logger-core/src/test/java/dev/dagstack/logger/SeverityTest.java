package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.record.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SeverityTest {

  @Test
  void primaryConstantsAreTheFirstOfEachBucket() {
    assertThat(new int[] {Severity.TRACE, Severity.DEBUG, Severity.INFO, Severity.WARN,
        Severity.ERROR, Severity.FATAL}).containsExactly(1, 5, 9, 13, 17, 21);
  }

  @Test
  void everyNumberMapsToItsBucketText() {
    String[] texts = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
    for (int n = 1; n <= 24; n++) {
      assertThat(Severity.text(n)).as("severity %d", n).isEqualTo(texts[(n - 1) / 4]);
      assertThat(Severity.isValid(n)).isTrue();
    }
    assertThat(Severity.isValid(0)).isFalse();
    assertThat(Severity.isValid(25)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 25, -1, Integer.MIN_VALUE})
  void textRejectsNumbersOutsideTheRange(int n) {
    assertThatThrownBy(() -> Severity.text(n)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("severity_number").hasMessageContaining(String.valueOf(n));
  }

  @ParameterizedTest
  @CsvSource({"trace,1", "Debug,5", "INFO,9", "warn,13", "WARNING,13", "error,17", "FaTaL,21",
      "'  info ',9", "1,1", "11,11", "24,24", "007,7"})
  void parsesNamesInAnyCaseAndNumbers(String level, int expected) {
    assertThat(Severity.parse(level)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "verbose", "0", "25", "-1", "9.0", "1000", "INFO2", "\u0661\u0661"})
  void rejectsAnythingElseNamingTheValue(String level) {
    assertThatThrownBy(() -> Severity.parse(level)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + level + "'")
        .hasMessageContaining("TRACE, DEBUG, INFO, WARN, ERROR, FATAL")
        .hasMessageContaining("1 to 24");
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> Severity.parse(null)).hasMessageContaining("invalid severity null");
  }
}
