package dev.dagstack.logger.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.Attrs;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The number formatting of the canonical writer against the JDK's; its remembered values. */
class CanonicalJsonWriterTest {

  /** Attributes nested {@code depth} deep, two keys at each level (so each level sorts). */
  private static Attrs nested(int depth) {
    Attrs value = Attrs.of("leaf", 1L);
    for (int i = 0; i < depth; i++) {
      value = Attrs.of("a", value, "b", (long) i);
    }
    return value;
  }

  /** Calls itself {@code depth} times, then writes {@code value}: a deep stack to write on. */
  private static void writeAtDepth(CanonicalJsonWriter writer, Attrs value, int depth) {
    if (depth == 0) {
      writer.writeObject(value);
    } else {
      writeAtDepth(writer, value, depth - 1);
    }
  }

  @Test
  void anEncodingCutShortByAStackOverflowLeavesNothingBehindAfterReset() throws Exception {
    java.lang.reflect.Field orderTop = CanonicalJsonWriter.class.getDeclaredField("orderTop");
    orderTop.setAccessible(true);
    Attrs deep = nested(500);
    CanonicalJsonWriter writer = new CanonicalJsonWriter();
    // Deeper and deeper stacks until the write overflows part-way (what a caller's encoder
    // meets with a deep value on a thread already deep in its own calls).
    boolean cutShort = false;
    for (int depth = 0; !cutShort && depth < 200_000; depth += 500) {
      writer.reset();
      int at = depth;
      boolean[] overflowed = {false};
      Thread thread = new Thread(null, () -> {
        try {
          writeAtDepth(writer, deep, at);
        } catch (StackOverflowError e) {
          overflowed[0] = true;
        }
      }, "deep-stack", 512 << 10);
      thread.start();
      thread.join();
      cutShort = overflowed[0] && orderTop.getInt(writer) > 0;
    }
    assertThat(cutShort).as("a write cut short with key orders pushed").isTrue();
    writer.reset();
    assertThat(orderTop.getInt(writer)).isZero();
    writer.writeObject(Attrs.of("b", 2L, "a", 1L));
    assertThat(writer.toUtf8String(0)).isEqualTo("{\"a\":1,\"b\":2}");
  }

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

  @Test
  void aTimestampWrittenAgainIsCopiedOnlyWhileItsDigitsAreInTheBuffer() {
    long time = 1_796_084_358_335_237_071L;
    CanonicalJsonWriter writer = new CanonicalJsonWriter();
    writer.writeUnixNano(time);
    writer.writeByte(',');
    writer.writeUnixNano(time);
    assertThat(writer.toUtf8String(0)).isEqualTo(time + "," + time);
    // After a reset or a truncate the earlier digits are gone or overwritten.
    writer.reset();
    writer.writeAscii("[0000000000000000000000]");
    writer.writeUnixNano(time);
    assertThat(writer.toUtf8String(0)).isEqualTo("[0000000000000000000000]" + time);
    writer.truncate(0);
    writer.writeAscii("abcdefghijklmnopqrstuvwxyz");
    writer.writeUnixNano(time);
    assertThat(writer.toUtf8String(0)).isEqualTo("abcdefghijklmnopqrstuvwxyz" + time);
  }

  @Test
  void mapsOfARememberedKeySequenceAreWrittenAsAFreshWriterWritesThem() {
    // From the second map of a key sequence on, its keys are copied as remembered segments:
    // escaped and non-ASCII keys, a key too long to remember (no segments for its sequence),
    // nested maps of other sequences and of the same one.
    String longKey = "k".repeat(65);
    List<Attrs> maps = List.of(
        Attrs.of("b", 1L, "a\"q", "x", "\u00e9", true),
        Attrs.of("z", Attrs.of("b", 2L, "a\"q", "y", "\u00e9", false), "a", 1.5),
        Attrs.of(longKey, 1L, "a", 2L),
        Attrs.of("b", 3L, "a\"q", Attrs.of("b", 4L, "a\"q", "w", "\u00e9", true), "\u00e9", "v"));
    CanonicalJsonWriter remembering = new CanonicalJsonWriter();
    for (int round = 0; round < 3; round++) {
      for (Attrs map : maps) {
        remembering.reset();
        remembering.writeObject(map);
        CanonicalJsonWriter fresh = new CanonicalJsonWriter();
        fresh.writeObject(map);
        assertThat(remembering.toUtf8String(0)).isEqualTo(fresh.toUtf8String(0));
      }
    }
    CanonicalJsonWriter writer = new CanonicalJsonWriter();
    writer.writeObject(maps.get(0));
    writer.writeObject(maps.get(0));
    assertThat(writer.toUtf8String(0)).isEqualTo(
        "{\"a\\\"q\":\"x\",\"b\":1,\"\u00e9\":true}".repeat(2));
  }

  @Test
  void aRememberedStringValueIsWrittenAsAFreshWriterWritesIt() {
    // String instances repeat across records (thread names, MDC values): one writer keeps their
    // encoded bytes per key. Escapes, non-ASCII, lone surrogates, the length bounds, more
    // instances under one key than it keeps, and values under colliding and nested keys.
    List<String> values = new ArrayList<>();
    values.add("dev.dagstack.logger.bench.BridgeBench.sustained_1t-jmh-worker-1");
    values.add("http-nio-8080-exec-10");
    values.add("exactly sixteen!");
    values.add("fifteen chars!!");
    values.add("quote \" backslash \\ newline \n tab \t end");
    values.add("unicode \u00e9\u4e2d\ud83d\ude00 and a lone \ud800 surrogate");
    values.add("x".repeat(160));
    values.add("y".repeat(161));
    values.add("\u0001".repeat(40));
    values.add("question? marks? and \u2028 separators");
    for (int i = 0; i < 7; i++) {
      values.add("dev.dagstack.logger.bench.worker-thread-" + i);
    }
    CanonicalJsonWriter remembering = new CanonicalJsonWriter();
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 5_000; i++) {
      String value = values.get(random.nextInt(values.size()));
      String other = values.get(random.nextInt(values.size()));
      Attrs attrs = Attrs.of("thread.name", value, "k" + random.nextInt(600), other,
          "nested", Attrs.of("thread.name", other, "v", value));
      remembering.reset();
      remembering.writeObject(attrs);
      CanonicalJsonWriter fresh = new CanonicalJsonWriter();
      fresh.writeObject(attrs);
      assertThat(remembering.toUtf8String(0)).isEqualTo(fresh.toUtf8String(0));
    }
    // The same instance three times: written, then encoded and kept, then copied.
    String value = "quote \" and \u00e9 and \ud800 in a long enough value";
    String expected = "{\"a\":\"quote \\\" and \u00e9 and \\ud800 in a long enough value\"}";
    CanonicalJsonWriter writer = new CanonicalJsonWriter();
    for (int i = 0; i < 3; i++) {
      writer.reset();
      writer.writeObject(Attrs.of("a", value));
      assertThat(writer.toUtf8String(0)).isEqualTo(expected);
    }
  }

  @Test
  void aRememberedValueIsCopiedIntoAFullBufferAndTheByteBoundIsExact() {
    String fits = "f".repeat(158); // 160 bytes with its quotes: kept
    String escaped = "\"".repeat(79); // 79 characters, 160 bytes escaped: kept
    String tooLong = "\"".repeat(80) + "x".repeat(20); // 100 characters, 182 bytes: not kept
    String oneOver = "\"" + "f".repeat(157); // 158 characters, 161 bytes: not kept
    String[] values = {fits, escaped, tooLong, oneOver, "sixteen chars ok"};
    int[] kept = {160, 160, -1, -1, 18};
    for (int v = 0; v < values.length; v++) {
      String value = values[v];
      CanonicalJsonWriter writer = new CanonicalJsonWriter();
      CanonicalJsonWriter fresh = new CanonicalJsonWriter();
      fresh.writeObject(Attrs.of("a", value));
      String expected = fresh.toUtf8String(0);
      for (int i = 0; i < 4; i++) {
        // The buffer (1,024 bytes, doubling when it grows; a reset keeps it) has two bytes left
        // when the value comes: the remembered copy must grow it too.
        writer.reset();
        writer.writeAscii("x".repeat((1024 << i) - 7));
        int start = writer.size();
        writer.writeObject(Attrs.of("a", value));
        assertThat(writer.toUtf8String(start)).as("%s, write %d", value, i).isEqualTo(expected);
      }
      assertThat(writer.rememberedValueLength("a", value)).as(value).isEqualTo(kept[v]);
    }
  }

  @Test
  void twoOwnersWhoseFirstSlotsCollideAreBothKept() {
    // The resource and a scope once shared a slot, and every record encoded the resource again.
    List<Object> owners = new ArrayList<>();
    Object first = null;
    Object second = null;
    while (second == null) {
      Object candidate = new Object();
      int hash = System.identityHashCode(candidate);
      for (Object owner : owners) {
        int other = System.identityHashCode(owner);
        if ((other & 255) == (hash & 255) && (other >>> 8 & 255) != (hash >>> 8 & 255)) {
          first = owner;
          second = candidate;
        }
      }
      owners.add(candidate);
    }
    CanonicalJsonWriter writer = new CanonicalJsonWriter();
    writer.writeRemembered(first, (w, owner) -> w.writeString("first"));
    writer.writeRemembered(second, (w, owner) -> w.writeString("second"));
    assertThat(writer.remembersFragment(first)).isTrue();
    assertThat(writer.remembersFragment(second)).isTrue();
    writer.reset();
    writer.writeRemembered(first, (w, owner) -> w.writeString("not called"));
    writer.writeRemembered(second, (w, owner) -> w.writeString("not called"));
    assertThat(writer.toUtf8String(0)).isEqualTo("\"first\"\"second\"");
  }

  @Test
  void rememberedFragmentsOfManyOwnersAreWrittenAsTheirPartsWriteThem() {
    // More owners than slots (a Spring application has a scope per class logger): the kept ones
    // are copied, the rest written again; every write must give the owner's own bytes.
    List<String> owners = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      owners.add(new String("scope-" + i));
    }
    CanonicalJsonWriter writer = new CanonicalJsonWriter();
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 20_000; i++) {
      String owner = owners.get(random.nextInt(owners.size()));
      writer.reset();
      writer.writeRemembered(owner, CanonicalJsonWriter::writeString);
      assertThat(writer.toUtf8String(0)).isEqualTo("\"" + owner + "\"");
    }
  }

  private static void assertWritten(CanonicalJsonWriter writer, long value) {
    writer.reset();
    writer.writeUnixNano(value);
    assertThat(writer.toUtf8String(0)).as("%d", value).isEqualTo(Long.toString(value));
  }
}
