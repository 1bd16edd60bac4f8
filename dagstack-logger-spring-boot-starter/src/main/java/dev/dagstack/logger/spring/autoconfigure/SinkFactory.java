package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.Severity;
import dev.dagstack.logger.sink.ConsoleSink;
import dev.dagstack.logger.sink.FileSink;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.sink.OverflowPolicy;
import dev.dagstack.logger.sink.Sink;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.springframework.util.StringUtils;

/**
 * Builds the sink of one {@code dagstack.logger.sinks[i]} entry, turning every problem into an
 * {@link InvalidDagstackLoggerPropertyException} that names the entry's property.
 */
final class SinkFactory {

  static final String CONSOLE = "console";
  static final String FILE = "file";
  static final String IN_MEMORY = "in-memory";
  static final int DEFAULT_IN_MEMORY_CAPACITY = 1000;

  private SinkFactory() {}

  /** The property path of entry {@code index}, e.g. {@code dagstack.logger.sinks[1]}. */
  static String path(int index) {
    return DagstackLoggerProperties.PREFIX + ".sinks[" + index + "]";
  }

  /** The normalized type of an entry, or {@code null} when it is not one of the three. */
  static String type(DagstackLoggerProperties.Sink entry) {
    String type = entry.getType() == null ? CONSOLE : entry.getType().strip().toLowerCase(Locale.ROOT);
    switch (type.replace('_', '-')) {
      case CONSOLE:
        return CONSOLE;
      case FILE:
        return FILE;
      case IN_MEMORY:
      case "inmemory":
      case "memory":
        return IN_MEMORY;
      default:
        return null;
    }
  }

  static Sink create(DagstackLoggerProperties.Sink entry, int index) {
    String type = type(entry);
    if (type == null) {
      throw new InvalidDagstackLoggerPropertyException(path(index) + ".type", entry.getType(),
          "unknown sink type; accepted: console, file, in-memory");
    }
    int minSeverity = entry.getMinSeverity() == null
        ? Severity.MIN
        : parse(index, "min-severity", entry.getMinSeverity(), Severity::parse);
    OverflowPolicy overflow = entry.getOverflow() == null
        ? null
        : parse(index, "overflow", entry.getOverflow(), OverflowPolicy::parse);
    Integer bufferSize = entry.getBufferSize();
    if (bufferSize != null && bufferSize <= 0) {
      throw new InvalidDagstackLoggerPropertyException(path(index) + ".buffer-size", bufferSize,
          "a positive number of records");
    }
    switch (type) {
      case FILE:
        return file(entry, index, minSeverity, overflow, bufferSize);
      case IN_MEMORY:
        return inMemory(entry, index, minSeverity);
      default:
        return console(entry, index, minSeverity, overflow, bufferSize);
    }
  }

  private static Sink console(DagstackLoggerProperties.Sink entry, int index, int minSeverity,
      OverflowPolicy overflow, Integer bufferSize) {
    ConsoleSink.Builder builder = ConsoleSink.builder().minSeverity(minSeverity);
    if (entry.getMode() != null) {
      builder.mode(parse(index, "mode", entry.getMode(), ConsoleSink.Mode::parse));
    }
    if (entry.getStream() != null) {
      String stream = entry.getStream().strip().toLowerCase(Locale.ROOT);
      if (stream.equals("stdout")) {
        // System.out itself, so that the sink can tell whether it is a terminal.
        builder.stream(System.out);
      } else if (!stream.equals("stderr")) {
        throw new InvalidDagstackLoggerPropertyException(path(index) + ".stream", entry.getStream(),
            "accepted: stderr, stdout");
      }
    }
    applyDelivery(entry.getId(), overflow, bufferSize, builder::id, builder::overflow,
        builder::bufferSize);
    return build(index, builder::build);
  }

  private static Sink file(DagstackLoggerProperties.Sink entry, int index, int minSeverity,
      OverflowPolicy overflow, Integer bufferSize) {
    if (!StringUtils.hasText(entry.getPath())) {
      throw new InvalidDagstackLoggerPropertyException(path(index) + ".path", entry.getPath(),
          "a file sink needs the path of its file");
    }
    Path file;
    try {
      file = Path.of(entry.getPath());
    } catch (InvalidPathException e) {
      throw new InvalidDagstackLoggerPropertyException(path(index) + ".path", entry.getPath(),
          "a valid file path (" + e.getMessage() + ")");
    }
    FileSink.Builder builder = FileSink.builder(file).minSeverity(minSeverity);
    if (entry.getMaxBytes() != null) {
      long maxBytes = entry.getMaxBytes().toBytes();
      if (maxBytes < 0) {
        throw new InvalidDagstackLoggerPropertyException(path(index) + ".max-bytes",
            entry.getMaxBytes(), "a size of 0 (never rotate) or more, e.g. 100MB");
      }
      builder.maxBytes(maxBytes);
    }
    if (entry.getKeep() != null) {
      if (entry.getKeep() < 0) {
        throw new InvalidDagstackLoggerPropertyException(path(index) + ".keep", entry.getKeep(),
            "0 (only the live file) or more rotated files");
      }
      builder.keep(entry.getKeep());
    }
    applyDelivery(entry.getId(), overflow, bufferSize, builder::id, builder::overflow,
        builder::bufferSize);
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidDagstackLoggerPropertyException(path(index) + ".path", entry.getPath(),
          "a file the application can create and write (" + e.getMessage() + ")");
    }
  }

  private static Sink inMemory(DagstackLoggerProperties.Sink entry, int index, int minSeverity) {
    int capacity = entry.getCapacity() == null ? DEFAULT_IN_MEMORY_CAPACITY : entry.getCapacity();
    if (capacity <= 0) {
      throw new InvalidDagstackLoggerPropertyException(path(index) + ".capacity", capacity,
          "a positive number of records");
    }
    String id = StringUtils.hasText(entry.getId()) ? entry.getId() : IN_MEMORY;
    return build(index, () -> new InMemorySink(id, capacity, minSeverity));
  }

  /** The settings every worker-backed sink shares, applied only when configured. */
  private static void applyDelivery(String id, OverflowPolicy overflow, Integer bufferSize,
      Consumer<String> setId, Consumer<OverflowPolicy> setOverflow, IntConsumer setBufferSize) {
    if (StringUtils.hasText(id)) {
      setId.accept(id);
    }
    if (overflow != null) {
      setOverflow.accept(overflow);
    }
    if (bufferSize != null) {
      setBufferSize.accept(bufferSize);
    }
  }

  /** Parses one setting of entry {@code index}, reporting the core's message on failure. */
  private static <T> T parse(int index, String key, String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidDagstackLoggerPropertyException(path(index) + "." + key, value, e.getMessage());
    }
  }

  private static Sink build(int index, Supplier<Sink> builder) {
    try {
      return builder.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidDagstackLoggerPropertyException(path(index), "(sink settings)", e.getMessage());
    }
  }
}
