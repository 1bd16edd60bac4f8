package dev.dagstack.logger.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The {@link FileSink}'s rotation by time with dated names, retention and compression, used by
 * its writer on the worker thread.
 *
 * <p>The live file keeps its name ({@code app.jsonl}). At the end of each period (and, with a
 * size limit, whenever it is full) it is renamed to {@code app.<period>.<n>.jsonl}: the period
 * it was written in ({@code 2026-11-30} daily, {@code 2026-11-30T14} hourly, in the configured
 * zone) and the next free index of that period (1, 2, …), so a restart continues the numbering.
 * Then, when asked, the rotated file is gzipped ({@code app.2026-11-30.1.jsonl.gz}, written under
 * a temporary name and renamed, so a crash never leaves a half file under the final name), and
 * the rotated files beyond the count, older than the age or beyond the total size are deleted,
 * oldest first. On opening, the live file's period is its last-modified time's, so a file left by
 * an earlier day is rotated under that day's name.
 */
final class TimeRotation {

  private final RotationInterval interval;
  private final ZoneId zone;
  private final Clock clock;
  /** Rotated files kept, newest first; -1: no limit by count. */
  private final int keep;
  private final Duration maxAge;
  /** Most bytes all rotated files may take together; 0: no limit. */
  private final long maxTotalBytes;
  private final boolean compress;
  private final Reporter reporter;

  private Path directory;
  private String base;
  private String extension;
  private Pattern rotatedName;
  private LocalDateTime periodStart;
  private Instant periodEnd;

  /** The settings, checked by the sink's builder; {@link #create} makes one per writer. */
  record Settings(RotationInterval interval, ZoneId zone, Clock clock, int keep, Duration maxAge,
      long maxTotalBytes, boolean compress) {
    TimeRotation create(Reporter reporter) {
      return new TimeRotation(interval, zone, clock, keep, maxAge, maxTotalBytes, compress, reporter);
    }
  }

  /** Where problems that lose no record go (the writer's fault reporting). */
  interface Reporter {
    void error(String message, Exception cause);
  }

  TimeRotation(RotationInterval interval, ZoneId zone, Clock clock, int keep, Duration maxAge,
      long maxTotalBytes, boolean compress, Reporter reporter) {
    this.interval = interval;
    this.zone = zone;
    this.clock = clock;
    this.keep = keep;
    this.maxAge = maxAge;
    this.maxTotalBytes = maxTotalBytes;
    this.compress = compress;
    this.reporter = reporter;
  }

  /** The live file was (re)opened with {@code size} bytes in it. */
  void opened(Path live, long size) {
    if (base == null) {
      directory = live.toAbsolutePath().getParent();
      String name = live.getFileName().toString();
      int dot = name.lastIndexOf('.');
      base = dot > 0 ? name.substring(0, dot) : name;
      extension = dot > 0 ? name.substring(dot) : "";
      rotatedName = Pattern.compile(Pattern.quote(base) + "\\.(\\d{4}-\\d{2}-\\d{2}(?:T\\d{2})?)\\.(\\d+)"
          + Pattern.quote(extension) + "(\\.gz)?");
    }
    Instant since = clock.instant();
    if (size > 0) {
      try {
        Instant modified = Files.getLastModifiedTime(live).toInstant();
        since = modified.isBefore(since) ? modified : since;
      } catch (IOException e) {
        // Then it counts as this period's.
      }
    }
    startPeriod(since);
  }

  /** Whether the live file's period has ended. */
  boolean due() {
    return !clock.instant().isBefore(periodEnd);
  }

  /** An empty live file simply moves on to the current period. */
  void skipToNow() {
    startPeriod(clock.instant());
  }

  /** Renames the (closed) live file to its dated name, then compresses and prunes. */
  void rotate(Path live) throws IOException {
    String label = interval.label(periodStart);
    Path target = directory.resolve(base + "." + label + "." + nextIndex(label) + extension);
    Files.move(live, target, StandardCopyOption.ATOMIC_MOVE);
    startPeriod(clock.instant());
    housekeeping();
  }

  /** Compresses rotated files not yet compressed, then applies retention. Never throws. */
  void housekeeping() {
    List<Rotated> files;
    try {
      files = rotatedFiles();
    } catch (IOException e) {
      reporter.error("listing rotated log files in " + directory + " failed", e);
      return;
    }
    if (compress) {
      for (int i = 0; i < files.size(); i++) {
        Rotated file = files.get(i);
        if (!file.compressed) {
          try {
            files.set(i, gzip(file));
          } catch (IOException e) {
            reporter.error("compressing rotated log file " + file.path + " failed; kept as it is", e);
          }
        }
      }
    }
    prune(files);
  }

  private void startPeriod(Instant since) {
    periodStart = interval.periodStart(LocalDateTime.ofInstant(since, zone));
    periodEnd = interval.next(periodStart).atZone(zone).toInstant();
  }

  private int nextIndex(String label) throws IOException {
    int max = 0;
    for (Rotated file : rotatedFiles()) {
      if (file.label.equals(label)) {
        max = Math.max(max, file.index);
      }
    }
    return max + 1;
  }

  /** The rotated files of this sink, oldest first. */
  private List<Rotated> rotatedFiles() throws IOException {
    List<Rotated> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
        entry -> entry.getFileName().toString().startsWith(base + "."))) {
      for (Path entry : entries) {
        Matcher m = rotatedName.matcher(entry.getFileName().toString());
        if (m.matches()) {
          LocalDateTime start = interval.parseLabel(m.group(1));
          int index;
          try {
            index = Integer.parseInt(m.group(2));
          } catch (NumberFormatException e) {
            continue;
          }
          files.add(new Rotated(entry, m.group(1), start, index, m.group(3) != null));
        }
      }
    }
    files.sort(Comparator.comparing((Rotated r) -> r.label).thenComparingInt(r -> r.index));
    return files;
  }

  private Rotated gzip(Rotated file) throws IOException {
    Path gz = file.path.resolveSibling(file.path.getFileName() + ".gz");
    Path tmp = file.path.resolveSibling(file.path.getFileName() + ".gz.tmp");
    try (InputStream in = Files.newInputStream(file.path);
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 64 << 10)) {
      in.transferTo(out);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, gz, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.delete(file.path);
    return new Rotated(gz, file.label, file.start, file.index, true);
  }

  private void prune(List<Rotated> files) {
    Instant now = clock.instant();
    long total = 0;
    int kept = 0;
    // Newest first: keep while within every limit, delete the rest.
    for (int i = files.size() - 1; i >= 0; i--) {
      Rotated file = files.get(i);
      boolean delete = keep >= 0 && kept >= keep;
      if (!delete && maxAge != null && file.start != null) {
        Instant end = interval.next(file.start).atZone(zone).toInstant();
        delete = end.plus(maxAge).isBefore(now);
      }
      if (!delete && maxTotalBytes > 0) {
        long size = sizeOf(file.path);
        delete = total + size > maxTotalBytes;
        if (!delete) {
          total += size;
        }
      }
      if (delete) {
        try {
          Files.deleteIfExists(file.path);
        } catch (IOException e) {
          reporter.error("deleting old log file " + file.path + " failed", e);
        }
      } else {
        kept++;
      }
    }
  }

  /** The file's size; 0 when it is gone or unreadable (then it cannot hold space either). */
  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static final class Rotated {
    final Path path;
    final String label;
    final LocalDateTime start;
    final int index;
    final boolean compressed;

    Rotated(Path path, String label, LocalDateTime start, int index, boolean compressed) {
      this.path = path;
      this.label = label;
      this.start = start;
      this.index = index;
      this.compressed = compressed;
    }
  }
}
