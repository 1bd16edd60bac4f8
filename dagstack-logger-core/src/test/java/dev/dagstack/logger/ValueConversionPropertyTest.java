package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import dev.dagstack.logger.wire.JsonLinesParser;
import dev.dagstack.logger.wire.PrettyFormatter;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Property (issue 11): whatever object graph an application logs — cycles, shared parts,
 * accessors that throw, foreign {@code Iterable}s that return themselves, new instances or never
 * end — the emit returns, exactly one record is written, and its line parses and re-encodes to
 * the same bytes. Seeded, so a failure names its seed and replays.
 */
@Timeout(120)
class ValueConversionPropertyTest {

  private static final int GRAPHS = 200;

  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  @Test
  void everyGraphGivesOneRecordWhoseLineParses() throws Exception {
    InMemorySink sink = new InMemorySink(10);
    Logger.configure(LoggerConfiguration.builder().sinks(sink).build());
    Logger logger = Logger.get("property");
    long baseSeed = 0x5eed_2026L;
    for (int i = 0; i < GRAPHS; i++) {
      long seed = baseSeed + i;
      Generator generator = new Generator(new Random(seed));
      Object graph = generator.value(0);
      sink.clear();

      logger.info("graph", Attrs.of("value", graph, "seed", seed));
      // The attribute map itself may be hostile too; the record is still written.
      Map<String, Object> plain = new HashMap<>();
      plain.put("value", graph);
      logger.warn("map", generator.random.nextBoolean() ? new ThrowingMapOfStrings() : plain);
      logger.exception(generator.exception(), Attrs.of("value", graph));

      List<LogRecord> records = sink.records();
      assertThat(records).as("seed %d", seed).hasSize(3);
      for (LogRecord record : records) {
        String line = JsonLinesEncoder.encode(record);
        LogRecord parsed = JsonLinesParser.parse(line);
        assertThat(JsonLinesEncoder.encode(parsed)).as("seed %d", seed).isEqualTo(line);
        assertThat(PrettyFormatter.format(record, false)).as("seed %d", seed).doesNotContain("\n");
      }
    }
  }

  /** Random values; containers may point back at their ancestors. */
  private static final class Generator {
    final Random random;
    private final List<Object> containers = new ArrayList<>();

    Generator(Random random) {
      this.random = random;
    }

    Object value(int depth) {
      int kind = random.nextInt(depth > 6 ? 8 : 15);
      switch (kind) {
        case 0:
          return random.nextLong();
        case 1:
          return random.nextDouble() < 0.1 ? Double.NaN : random.nextDouble();
        case 2:
          return "s" + random.nextInt(1000) + (random.nextBoolean() ? "\u001b\n\u009b" : "");
        case 3:
          return null;
        case 4:
          return Path.of("/tmp", "p" + random.nextInt(10));
        case 5:
          return new ThrowingToString();
        case 6:
          return containers.isEmpty() ? "none" : containers.get(random.nextInt(containers.size()));
        case 7:
          return new byte[] {1, 2, 3};
        case 8:
          return list(depth);
        case 9:
          return map(depth);
        case 10:
          return new SelfIterable(random.nextInt(3));
        case 11:
          return new ThrowingIterable(random.nextInt(3));
        case 12:
          return new ThrowingMap();
        case 13:
          return new Object[] {value(depth + 1), value(depth + 1)};
        default:
          // Mostly deep (width 1); now and then also broad, up to the element budget.
          return new NewInstanceIterable(random.nextInt(8) == 0 ? 2 : 1);
      }
    }

    private List<Object> list(int depth) {
      List<Object> list = new ArrayList<>();
      containers.add(list);
      int n = random.nextInt(4);
      for (int i = 0; i < n; i++) {
        list.add(value(depth + 1));
      }
      if (random.nextInt(4) == 0) {
        list.add(list);
      }
      return list;
    }

    private Map<Object, Object> map(int depth) {
      Map<Object, Object> map = random.nextBoolean() ? new HashMap<>() : new LinkedHashMap<>();
      containers.add(map);
      int n = random.nextInt(4);
      for (int i = 0; i < n; i++) {
        Object key = random.nextInt(5) == 0 ? new ThrowingToString() : "k" + i;
        map.put(key, value(depth + 1));
      }
      if (random.nextInt(4) == 0) {
        map.put("self", map);
      }
      return map;
    }

    Throwable exception() {
      switch (random.nextInt(3)) {
        case 0:
          return new EmitPathRobustnessTest.HostileException();
        case 1:
          return new EmitPathRobustnessTest.EndlessCauses();
        default:
          IllegalStateException a = new IllegalStateException("a");
          IllegalStateException b = new IllegalStateException("b", a);
          a.initCause(b);
          return a;
      }
    }
  }

  private static final class ThrowingToString {
    @Override
    public String toString() {
      throw new IllegalStateException("toString");
    }

    @Override
    public int hashCode() {
      return 1;
    }

    @Override
    public boolean equals(Object other) {
      return this == other;
    }
  }

  /** Iterates over itself {@code times} times. */
  private static final class SelfIterable implements Iterable<Object> {
    private final int times;

    SelfIterable(int times) {
      this.times = times;
    }

    @Override
    public Iterator<Object> iterator() {
      List<Object> self = new ArrayList<>();
      for (int i = 0; i < times; i++) {
        self.add(this);
      }
      return self.iterator();
    }
  }

  /** Yields a new instance of its kind, {@code width} times: unbounded depth and breadth. */
  private static final class NewInstanceIterable implements Iterable<Object> {
    private final int width;

    NewInstanceIterable(int width) {
      this.width = width;
    }

    @Override
    public Iterator<Object> iterator() {
      return new Iterator<>() {
        private int given;

        @Override
        public boolean hasNext() {
          return given < width;
        }

        @Override
        public Object next() {
          if (given++ >= width) {
            throw new NoSuchElementException();
          }
          return new NewInstanceIterable(width);
        }
      };
    }
  }

  /** Throws after {@code before} elements. */
  private static final class ThrowingIterable implements Iterable<Object> {
    private final int before;

    ThrowingIterable(int before) {
      this.before = before;
    }

    @Override
    public Iterator<Object> iterator() {
      return new Iterator<>() {
        private int given;

        @Override
        public boolean hasNext() {
          return true;
        }

        @Override
        public Object next() {
          if (given++ >= before) {
            throw new UnsupportedOperationException("iterator broke");
          }
          return "e" + given;
        }
      };
    }
  }

  private static final class ThrowingMapOfStrings extends AbstractMap<String, Object> {
    @Override
    public Set<Entry<String, Object>> entrySet() {
      throw new IllegalStateException("entrySet");
    }

    @Override
    public int size() {
      return 1;
    }
  }

  private static final class ThrowingMap extends AbstractMap<Object, Object> {
    @Override
    public Set<Entry<Object, Object>> entrySet() {
      throw new IllegalStateException("entrySet");
    }

    @Override
    public int size() {
      return 1;
    }
  }
}
