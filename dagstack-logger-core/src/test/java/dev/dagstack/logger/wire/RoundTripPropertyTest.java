package dev.dagstack.logger.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** encode → parse → encode is byte-identical, over seeded random records (the seed is printed on failure). */
class RoundTripPropertyTest {

  private static final int RECORDS = 3_000;

  @Test
  void encodeParseEncodeIsIdentical() throws WireFormatException {
    long seed = Long.getLong("roundtrip.seed", new Random().nextLong());
    Random random = new Random(seed);
    JsonLinesEncoder encoder = new JsonLinesEncoder();
    JsonLinesEncoder caller = new JsonLinesEncoder();
    JsonLinesEncoder worker = new JsonLinesEncoder();
    for (int i = 0; i < RECORDS; i++) {
      LogRecord record = randomRecord(random);
      String line = JsonLinesEncoder.encode(record);
      String again;
      try {
        again = JsonLinesEncoder.encode(JsonLinesParser.parse(line));
      } catch (WireFormatException | RuntimeException e) {
        throw new AssertionError("seed " + seed + " (rerun with -Droundtrip.seed=" + seed
            + "), record " + i + ": " + line, e);
      }
      assertThat(again).as("seed %d, record %d", seed, i).isEqualTo(line);
      // Twice with the long-lived encoder: the second time from what it remembered of the first
      // (key orders and their key segments, fragments, string values, the timestamp).
      byte[] expected = (line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      for (int pass = 0; pass < 2; pass++) {
        encoder.reset();
        encoder.append(record);
        assertThat(encoder.toByteArray()).as("seed %d, record %d", seed, i).isEqualTo(expected);
      }
      // A caller's deferred line, appended by a worker with its batch time, is the worker's line.
      long batchTime = random.nextLong() & Long.MAX_VALUE;
      byte[] deferred = caller.encodeDeferred(record, Integer.MAX_VALUE);
      worker.reset();
      worker.appendDeferred(deferred, batchTime);
      JsonLinesEncoder direct = new JsonLinesEncoder();
      direct.append(record, batchTime);
      assertThat(worker.toByteArray()).as("seed %d, record %d", seed, i)
          .isEqualTo(direct.toByteArray());
    }
  }

  static LogRecord randomRecord(Random random) {
    LogRecord.Builder b = LogRecord.builder()
        .timeUnixNano(random.nextLong() & Long.MAX_VALUE)
        .severityNumber(1 + random.nextInt(24))
        .body(random.nextInt(4) == 0 ? randomValue(random, 3) : randomString(random))
        .attributes(randomAttrs(random, 3));
    if (random.nextBoolean()) {
      b.observedTimeUnixNano(random.nextLong() & Long.MAX_VALUE);
    }
    if (random.nextBoolean()) {
      b.resource(Resource.of(randomAttrs(random, 1)));
    }
    b.instrumentationScope(new InstrumentationScope(randomString(random),
        random.nextBoolean() ? randomString(random) : null,
        random.nextInt(4) == 0 ? randomAttrs(random, 1) : Attrs.empty()));
    if (random.nextBoolean()) {
      b.traceId(hex(random, 32)).spanId(hex(random, 16)).traceFlags(random.nextInt(256));
    }
    return b.build();
  }

  private static String hex(Random random, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length - 1; i++) {
      sb.append(Character.forDigit(random.nextInt(16), 16));
    }
    return sb.append('1').toString();
  }

  private static Attrs randomAttrs(Random random, int depth) {
    int n = random.nextInt(random.nextInt(10) == 0 ? 40 : 6);
    Attrs.Builder builder = Attrs.builder();
    for (int i = 0; i < n; i++) {
      builder.put(randomString(random), randomValue(random, depth));
    }
    return builder.build();
  }

  private static Object randomValue(Random random, int depth) {
    switch (random.nextInt(depth > 0 ? 9 : 7)) {
      case 0:
        return randomString(random);
      case 1:
        return random.nextLong();
      case 2:
        return (long) random.nextInt(100);
      case 3:
        return Double.longBitsToDouble(random.nextLong());
      case 4:
        return random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
      case 5:
        return random.nextBoolean();
      case 6:
        return null;
      case 7: {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          list.add(randomValue(random, depth - 1));
        }
        return list;
      }
      default:
        return randomAttrs(random, depth - 1);
    }
  }

  /** ASCII, controls, BMP, astral pairs, lone surrogates and the JSON specials. */
  static String randomString(Random random) {
    int length = random.nextInt(12);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(8)) {
        case 0:
          sb.append((char) random.nextInt(0x20));
          break;
        case 1:
          sb.append("\"\\/\u007f\u2028\u2029\uff61".charAt(random.nextInt(7)));
          break;
        case 2:
          sb.append((char) (0x80 + random.nextInt(0xd800 - 0x80)));
          break;
        case 3:
          sb.appendCodePoint(0x10000 + random.nextInt(0x100000));
          break;
        case 4:
          sb.append((char) (0xd800 + random.nextInt(0x800)));
          break;
        case 5:
          sb.append((char) (0xe000 + random.nextInt(0x2000)));
          break;
        default:
          sb.append((char) (0x20 + random.nextInt(0x5f)));
      }
    }
    return sb.toString();
  }
}
