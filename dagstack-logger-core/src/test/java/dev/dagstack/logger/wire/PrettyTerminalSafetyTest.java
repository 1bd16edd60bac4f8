package dev.dagstack.logger.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 11, cases 7 and 8: pretty output is terminal-safe and near-linear in record size. */
class PrettyTerminalSafetyTest {

  private static final long TIME = 1_795_256_130_123_456_789L;

  /** No C0 control, DEL, C1 control or line separator, in any field. */
  private static void assertTerminalSafe(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      assertThat(Character.isISOControl(c) || c == '\u2028' || c == '\u2029')
          .as("raw control U+%04X at %d in %s", (int) c, i, line).isFalse();
    }
  }

  @Test
  void case7_controlBytesInTheScopeNameAreEscaped() {
    LogRecord record = LogRecord.builder().timeUnixNano(TIME)
        .instrumentationScope(InstrumentationScope.of(
            "evil\u001b]0;owned\u0007\u001b[2J\nFAKE [ERROR] forged", null))
        .body("hello").build();
    String line = PrettyFormatter.format(record, true);
    // With colour on, only the formatter's own SGR sequences may carry an ESC.
    String withoutOwnColours = line.replace("\u001b[32m", "").replace("\u001b[0m", "");
    assertTerminalSafe(withoutOwnColours);
    assertThat(line).contains("evil\\u001b]0;owned\\u0007\\u001b[2J\\nFAKE [ERROR] forged: hello");
    assertTerminalSafe(PrettyFormatter.format(record, false));
  }

  @Test
  void case7_everyFieldIsEscapedNestedValuesIncluded() {
    LogRecord record = LogRecord.builder().timeUnixNano(TIME)
        .body(Map.of("k\u009b", "csi\u009b31m"))
        .attributes(Attrs.of("key\u001b[1m", "v\u007f", "list", List.of("a\u0085b", "c\u2028d"),
            "map", Map.of("n\u001b", "x\u009d")))
        .build();
    String line = PrettyFormatter.format(record, false);
    assertTerminalSafe(line);
    assertThat(line).contains("\\u009b").contains("\\u007f").contains("\\u0085")
        .contains("\\u2028").contains("\\u009d").contains("key\\u001b[1m=");
  }

  @Test
  @Timeout(30)
  void case8_aRecordWithTwoHundredThousandAttributesFormatsInLinearTime() {
    // Quadratic before (each key looked up again by a scan): minutes for this record.
    int n = 200_000;
    Attrs.Builder attributes = Attrs.builder(n);
    for (int i = n - 1; i >= 0; i--) {
      attributes.put(String.format("k%06d", i), i);
    }
    LogRecord record = LogRecord.builder().timeUnixNano(TIME).body("wide")
        .attributes(attributes.build()).build();
    String line = PrettyFormatter.format(record, false);
    assertThat(line).contains(" | k000000=0 k000001=1 ").endsWith(" k199999=199999");
  }
}
