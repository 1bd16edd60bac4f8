package dev.dagstack.logger.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Figures that JMH does not measure itself (records emitted, lines written, drops, caller-thread
 * allocation), appended by the forked benchmark JVMs to {@code extras.tsv} in the output folder
 * and joined with JMH's JSON by {@link ResultsReport}. The folder comes from the environment
 * variable {@code BENCH_OUT} because forks inherit the environment but not system properties.
 */
public final class Extras {

  static final String FILE_NAME = "extras.tsv";
  static final String SAMPLES_FILE_NAME = "samples.tsv";

  private Extras() {}

  /** Where benchmark log files and {@code extras.tsv} go. */
  public static Path outputDir() {
    String configured = System.getenv("BENCH_OUT");
    Path dir = configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("java.io.tmpdir"), "dagstack-bench");
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A fresh, empty folder for the log files of one benchmark fork: under {@code BENCH_LOG_DIR}
   * when that is set (e.g. a tmpfs), else in the output folder.
   */
  public static Path freshLogDir(String stack) {
    String logs = System.getenv("BENCH_LOG_DIR");
    try {
      Path parent = logs != null && !logs.isBlank()
          ? Files.createDirectories(Path.of(logs)) : outputDir();
      return Files.createTempDirectory(parent, stack + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Deletes a folder made by {@link #freshLogDir(String)} (the logs can be gigabytes), unless
   * the environment variable {@code BENCH_KEEP_LOGS} is set.
   */
  public static void delete(Path dir) {
    if (System.getenv("BENCH_KEEP_LOGS") != null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The key that {@link ResultsReport} uses to join a figure with JMH's result: benchmark
   * method, parameters, thread count.
   */
  public static String key(BenchmarkParams benchmark) {
    Map<String, String> params = new TreeMap<>();
    for (String name : benchmark.getParamsKeys()) {
      params.put(name, benchmark.getParam(name));
    }
    return key(benchmark.getBenchmark(), params, benchmark.getThreads());
  }

  static String key(String benchmark, Map<String, String> params, int threads) {
    StringBuilder key = new StringBuilder(benchmark).append('|');
    new TreeMap<>(params).forEach((name, value) -> key.append(name).append('=').append(value).append(','));
    return key.append('|').append(threads).toString();
  }

  /** Appends one figure; several lines with the same key and name are added up by the report. */
  public static synchronized void record(BenchmarkParams benchmark, String name, long value) {
    String line = key(benchmark) + '\t' + name + '\t' + value + '\n';
    try {
      Files.writeString(outputDir().resolve(FILE_NAME), line, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Counts the lines (LF bytes) of every regular file under {@code dir}. */
  public static long countLines(Path dir) {
    long lines = 0;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
        lines += countLinesOf(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  /**
   * Counts the lines of every file in {@code dir}, empties the files and returns the count; the
   * stacks append, so their next line starts the file again.
   */
  static long countAndEmpty(Path dir) {
    long lines = 0;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
        lines += countLinesOf(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.truncate(0);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  private static long countLinesOf(Path file) throws IOException {
    long lines = 0;
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (channel.read(buffer) > 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          if (buffer.get() == '\n') {
            lines++;
          }
        }
        buffer.clear();
      }
    }
    return lines;
  }

  /** Keeps the first line of the fork's log in {@code samples.tsv}: what each stack writes. */
  static void sample(BenchmarkParams benchmark, Path logDir) {
    try (Stream<Path> paths = Files.walk(logDir)) {
      for (Path file : (Iterable<Path>) paths.filter(Files::isRegularFile).sorted()::iterator) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
          String first = lines.findFirst().orElse(null);
          if (first != null) {
            Files.writeString(outputDir().resolve(SAMPLES_FILE_NAME),
                key(benchmark) + '\t' + first + '\n', StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Records the accounting of a finished fork: every emitted record should be written or counted
   * as dropped. A shortfall is recorded, not thrown, so that the report shows it next to the
   * figure it invalidates (see RESULTS.md's "lost" column) instead of losing the whole row.
   */
  public static void account(BenchmarkParams benchmark, Path logDir, long dropped) {
    sample(benchmark, logDir);
    account(benchmark, countLines(logDir), dropped);
  }

  /**
   * Records the fork's accounting, with {@code written} the lines its stack wrote (counted by the
   * caller, which may have emptied the files on the way), and warns when records are missing.
   */
  static void account(BenchmarkParams benchmark, long written, long dropped) {
    long emitted = Producer.emittedInFork();
    record(benchmark, "emitted", emitted);
    record(benchmark, "written", written);
    record(benchmark, "dropped", dropped);
    if (written + dropped != emitted) {
      System.err.println("records unaccounted for in " + key(benchmark) + ": emitted " + emitted
          + ", written " + written + ", dropped " + dropped);
    }
  }
}
