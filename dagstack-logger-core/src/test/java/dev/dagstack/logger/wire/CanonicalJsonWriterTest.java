package dev.dagstack.logger.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The number formatting of the canonical writer against the JDK's. */
class CanonicalJsonWriterTest {

  @Test
  void aTimestampIsWrittenAsItsDecimalDigitsWhateverTheTimestampBefore() {
    CanonicalJsonWriter writer = new CanonicalJsonWriter();
    long[] edges = {0, 1, 999_999_999L, 1_000_000_000L, 1_000_000_001L, 1_000_000_010L,
        1_796_084_358_347_005_404L, 1_796_084_358_000_000_000L, 1_796_084_358_999_999_999L,
        1_796_084_359_000_000_000L, 1_796_084_358_000_000_007L, 1_796_084_358_100_000_000L,
        Long.MAX_VALUE, -1, Long.MIN_VALUE, 999_999_999_900_000_000L};
    SplittableRandom random = new SplittableRandom(42);
    for (int round = 0; round < 3; round++) {
      for (long value : edges) {
        assertWritten(writer, value);
      }
    }
    long now = 1_796_084_358_347_005_404L;
    for (int i = 0; i < 100_000; i++) {
      // Runs within one second (the seconds' digits kept), across seconds, and anywhere.
      long value = switch (i % 3) {
        case 0 -> now + random.nextLong(1_000_000L);
        case 1 -> now + random.nextLong(5_000_000_000L);
        default -> random.nextLong(Long.MAX_VALUE);
      };
      assertWritten(writer, value);
    }
  }

  @Test
  void timestampsWrittenOneAfterAnotherGrowTheBufferIntact() {
    // No reset between them: the kept seconds' digits are copied into a buffer that must grow.
    CanonicalJsonWriter writer = new CanonicalJsonWriter();
    StringBuilder expected = new StringBuilder();
    long value = 1_796_084_358_347_005_404L;
    for (int i = 0; i < 5_000; i++) {
      value += 7_919_117L * (i % 5);
      writer.writeUnixNano(value);
      writer.writeByte(',');
      expected.append(value).append(',');
    }
    assertThat(writer.toUtf8String(0)).isEqualTo(expected.toString());
  }

  private static void assertWritten(CanonicalJsonWriter writer, long value) {
    writer.reset();
    writer.writeUnixNano(value);
    assertThat(writer.toUtf8String(0)).as("%d", value).isEqualTo(Long.toString(value));
  }
}
