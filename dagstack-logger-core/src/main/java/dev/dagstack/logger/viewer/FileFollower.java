package dev.dagstack.logger.viewer;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.JsonLinesParser;
import dev.dagstack.logger.wire.OtelJsonParser;
import dev.dagstack.logger.wire.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Follows log files like {@code tail -f}: reads each file from its start, then polls for appended
 * lines and feeds every record into a {@link ViewerBuffer}. A file that shrinks (rotated or
 * truncated) is read again from its start; a partial last line waits for its line feed. Bad lines
 * are reported on {@code err} as {@code <file>:<line>: <problem>} and skipped.
 *
 * <p>Wire formats are tried in order per line ({@link #FORMATS}); a second format (OTel JSON,
 * spec §12) plugs in by adding its parser there.
 */
public final class FileFollower implements AutoCloseable {

  /** Reads one line of a wire format into its records (an OTel JSON line may hold several). */
  @FunctionalInterface
  public interface LineFormat {
    /** @throws WireFormatException naming what is wrong with the line */
    List<LogRecord> parse(String line) throws WireFormatException;
  }

  /**
   * The formats tried on each line, in order: dagstack JSON lines (spec §1), then OTel JSON
   * (one ExportLogsServiceRequest per line, spec §12); a bad line reports the first one's error.
   */
  static final List<LineFormat> FORMATS = List.of(
      line -> List.of(JsonLinesParser.parse(line)), OtelJsonParser::parseAll);

  private static final Duration POLL = Duration.ofMillis(200);
  private static final int CHUNK = 64 << 10;
  private static final int MAX_LINE_BYTES = 16 << 20;

  private final List<Path> files;
  private final ViewerBuffer buffer;
  private final PrintStream err;
  private final Thread thread;
  private volatile boolean stopped;

  private FileFollower(List<Path> files, ViewerBuffer buffer, PrintStream err) {
    this.files = files;
    this.buffer = buffer;
    this.err = err;
    this.thread = new Thread(this::run, "dagstack-viewer-follow");
    this.thread.setDaemon(true);
  }

  /** Starts following {@code files} into {@code buffer} on a daemon thread. */
  public static FileFollower start(List<Path> files, ViewerBuffer buffer, PrintStream err) {
    FileFollower follower = new FileFollower(List.copyOf(files), buffer, err);
    follower.thread.start();
    return follower;
  }

  private final class Tail {
    final Path path;
    long position;
    long lineNumber;
    boolean skipping;
    boolean missingReported;
    final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    Tail(Path path) {
      this.path = path;
    }

    void poll(byte[] chunk) {
      try {
        if (!Files.exists(path)) {
          if (!missingReported) {
            err.println(path + ": not found (yet); waiting for it");
            missingReported = true;
          }
          return;
        }
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
          long length = file.length();
          if (length < position) {
            err.println(path + ": file shrank (rotated or truncated); reading it from the start");
            position = 0;
            lineNumber = 0;
            partial.reset();
            skipping = false;
          }
          file.seek(position);
          int n;
          while (!stopped && (n = file.read(chunk)) > 0) {
            position += n;
            consume(chunk, n);
          }
        }
      } catch (IOException e) {
        err.println(path + ": cannot read: " + e.getMessage());
      }
    }

    private void consume(byte[] chunk, int n) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (chunk[i] == '\n') {
          if (!skipping) {
            partial.write(chunk, start, i - start);
          }
          lineNumber++;
          if (skipping) {
            err.println(path + ":" + lineNumber + ": line longer than " + MAX_LINE_BYTES + " bytes; skipped");
          } else {
            line(partial.toString(StandardCharsets.UTF_8));
          }
          partial.reset();
          skipping = false;
          start = i + 1;
        }
      }
      if (!skipping) {
        partial.write(chunk, start, n - start);
        if (partial.size() > MAX_LINE_BYTES) {
          skipping = true;
          partial.reset();
        }
      }
    }

    private void line(String text) {
      if (text.isBlank()) {
        return;
      }
      WireFormatException first = null;
      for (LineFormat format : FORMATS) {
        try {
          format.parse(text).forEach(buffer::emit);
          return;
        } catch (WireFormatException e) {
          first = first == null ? e : first;
        }
      }
      err.println(path + ":" + lineNumber + ": " + first.getMessage());
    }
  }

  private void run() {
    byte[] chunk = new byte[CHUNK];
    List<Tail> tails = files.stream().map(Tail::new).toList();
    while (!stopped) {
      for (Tail tail : tails) {
        tail.poll(chunk);
      }
      try {
        Thread.sleep(POLL.toMillis()); // polling interval of the follower, like tail -f's
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops following. */
  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}
