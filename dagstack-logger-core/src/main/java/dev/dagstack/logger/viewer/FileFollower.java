package dev.dagstack.logger.viewer;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.redaction.RedactionConfig;
import dev.dagstack.logger.redaction.Redactor;
import dev.dagstack.logger.wire.JsonLinesParser;
import dev.dagstack.logger.wire.OtelJsonParser;
import dev.dagstack.logger.wire.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows log files like {@code tail -F}: reads each file from its start, then polls for appended
 * lines and feeds every record into a {@link ViewerBuffer}; a partial last line waits for its line
 * feed. Rotation is followed: a path now naming another file ({@link #identity file identity}
 * changed, e.g. logrotate's create mode, whatever the new file's size) is read from its start
 * after the rest of the old file; a file truncated or rewritten in place (copytruncate: shorter
 * than the position read, or its first bytes changed) is read again from its start. Bad lines
 * are reported on {@code err} as {@code <file>:<line>: <problem>} and skipped; a lasting problem
 * (missing file, unreadable) is reported once.
 *
 * <p>Wire formats are tried in order per line ({@link #FORMATS}); a second format (OTel JSON,
 * spec §12) plugs in by adding its parser there.
 *
 * <p>Every record read is masked by {@link #REDACTION} before the buffer holds it: a file may come
 * from a producer that never redacted (an OpenTelemetry Collector, another logging library).
 *
 * <p>Not part of the supported API: public for the {@code cli} package ({@code view FILE...}) only;
 * may change without notice.
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

  /**
   * The key suffixes masked in records read from files: the core's defaults ({@code _key},
   * {@code _secret}, {@code _token}, {@code _password}, ...), and, since other producers name
   * secrets differently ({@code password}, {@code db.password}, {@code api-key}, the header
   * {@code Authorization}), the bare words too.
   */
  static final RedactionConfig REDACTION = RedactionConfig.additive(List.of(
      "password", "passwd", "secret", "token", "passphrase", "credentials", ".key", "-key",
      "authorization", "cookie"));
  private static final Redactor REDACTOR = Redactor.of(REDACTION);

  private static final Duration POLL = Duration.ofMillis(200);
  private static final int CHUNK = 64 << 10;
  /** A longer line is skipped (FileSink's default record limit: 16 MiB). */
  static final int MAX_LINE_BYTES = 16 << 20;
  private static final int HEAD_BYTES = 256;

  private final List<Tail> tails;
  private final List<LineFormat> formats;
  /** Read buffer of the follower thread (or of a test driving {@link #pollOnce}). */
  private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
  private final ViewerBuffer buffer;
  private final PrintStream err;
  private final Thread thread;
  private volatile boolean stopped;

  FileFollower(List<Path> files, ViewerBuffer buffer, PrintStream err) {
    this(files, buffer, err, FORMATS);
  }

  /** With other line formats than {@link #FORMATS} (a test's faulty parser). */
  FileFollower(List<Path> files, ViewerBuffer buffer, PrintStream err, List<LineFormat> formats) {
    this.formats = formats;
    this.buffer = buffer;
    this.err = err;
    this.tails = files.stream().map(Tail::new).toList();
    this.thread = new Thread(this::run, "dagstack-viewer-follow");
    this.thread.setDaemon(true);
  }

  /**
   * Starts following {@code files} into {@code buffer} on a daemon thread. Names of one file
   * (the same path twice, a symbolic or hard link to it) are followed once: each would show
   * every record again.
   */
  public static FileFollower start(List<Path> files, ViewerBuffer buffer, PrintStream err) {
    FileFollower follower = new FileFollower(distinct(files), buffer, err);
    follower.thread.start();
    return follower;
  }

  /**
   * {@code files} without the names of a file named before, by {@link #identity}; a file not
   * there (yet) by its absolute normalised path.
   */
  static List<Path> distinct(List<Path> files) {
    Set<Object> seen = new HashSet<>();
    List<Path> distinct = new ArrayList<>(files.size());
    for (Path file : files) {
      Object identity = identity(file);
      if (seen.add(identity != null ? identity : file.toAbsolutePath().normalize())) {
        distinct.add(file);
      }
    }
    return List.copyOf(distinct);
  }

  /**
   * One followed path. The open channel keeps reading the file it was opened on, so lines
   * appended to a file after it was renamed away (rotation) are still read; then the path's new
   * file is read from its start.
   */
  private final class Tail {
    final Path path;
    FileChannel channel;
    Object identity;
    long position;
    long lineNumber;
    /** Why the current line is being skipped (reported once, at its end); null: not skipping. */
    String skipping;
    String reported;
    LineBuffer partial = new LineBuffer();
    /** Strict: a malformed or unmappable byte is an error (the default action is REPORT). */
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
    /** The file's first bytes as read: a rewrite from the start (copytruncate) changes them. */
    final ByteArrayOutputStream head = new ByteArrayOutputStream();

    Tail(Path path) {
      this.path = path;
    }

    void poll(ByteBuffer chunk) {
      try {
        if (channel == null && !open()) {
          return;
        }
        if (channel.size() < position || headChanged(chunk)) {
          report(path + ": truncated or rewritten (copytruncate?); reading it from the start");
          restart();
        }
        drain(chunk);
        Object now = identity(path);
        if (now != null && !now.equals(identity)) {
          drain(chunk); // what was appended to the old file until its rename
          endOfFile();
          close();
          report(path + ": replaced by a new file (rotated); reading it from the start");
          if (open()) {
            drain(chunk);
          }
        }
        if (channel != null) {
          reported = null; // following again: the next problem is news
        }
      } catch (IOException e) {
        report(path + ": cannot read: " + e.getMessage());
        close();
      } catch (OutOfMemoryError e) {
        // Lines are guarded one by one (append, line); this is a last resort that keeps following.
        report(path + ": out of memory near line " + (lineNumber + 1) + "; some lines may be"
            + " missing (give java more memory, e.g. -Xmx512m)");
      }
    }

    /** Opens the path's current file at its start; false (after a message once) if it is missing. */
    private boolean open() throws IOException {
      if (!Files.exists(path)) {
        report(path + ": not found (yet); waiting for it");
        return false;
      }
      if (Files.isDirectory(path)) {
        report(path + ": is a directory; give the log files in it");
        return false;
      }
      Object before = identity(path);
      FileChannel opened = FileChannel.open(path, StandardOpenOption.READ);
      if (before == null || !before.equals(identity(path))) {
        opened.close(); // replaced while opening: the next poll opens the new one
        return false;
      }
      channel = opened;
      identity = before;
      restart();
      return true;
    }

    private void restart() {
      position = 0;
      lineNumber = 0;
      partial.reset();
      head.reset();
      skipping = null;
    }

    private boolean headChanged(ByteBuffer chunk) throws IOException {
      int n = head.size();
      if (n == 0 || channel.size() < n) {
        return false;
      }
      chunk.clear().limit(n);
      while (chunk.hasRemaining() && channel.read(chunk, chunk.position()) > 0) {
        // read the whole head
      }
      return !Arrays.equals(head.toByteArray(), 0, n, chunk.array(), 0, chunk.position());
    }

    private void drain(ByteBuffer chunk) throws IOException {
      int n;
      while (!stopped && (n = channel.read(chunk.clear(), position)) > 0) {
        position += n;
        if (head.size() < HEAD_BYTES) {
          head.write(chunk.array(), 0, Math.min(n, HEAD_BYTES - head.size()));
        }
        consume(chunk.array(), n);
      }
    }

    /** The old file ends: a last line without its line feed is read as it is. */
    private void endOfFile() {
      if (skipping == null && partial.size() > 0) {
        lineNumber++;
        line(partial);
      } else if (skipping != null) {
        lineNumber++;
        err.println(path + ":" + lineNumber + ": " + skipping + "; skipped");
      }
      partial.reset();
      skipping = null;
    }

    void close() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          // closing a read-only channel: nothing was written, nothing to lose
        }
        channel = null;
      }
    }

    /** Reports a problem once, not on every poll while it lasts. */
    private void report(String message) {
      if (!message.equals(reported)) {
        err.println(message);
        reported = message;
      }
    }

    private void consume(byte[] chunk, int n) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (chunk[i] == '\n') {
          append(chunk, start, i - start);
          lineNumber++;
          if (skipping != null) {
            err.println(path + ":" + lineNumber + ": " + skipping + "; skipped");
          } else {
            line(partial);
          }
          partial.reset();
          skipping = null;
          start = i + 1;
        }
      }
      append(chunk, start, n - start);
    }

    /** Adds bytes to the partial line, or starts skipping it when it gets too long for the limit or the heap. */
    private void append(byte[] chunk, int from, int length) {
      if (skipping != null || length == 0) {
        return;
      }
      if (partial.size() + (long) length > MAX_LINE_BYTES) {
        skip("line longer than " + MAX_LINE_BYTES + " bytes");
        return;
      }
      try {
        partial.write(chunk, from, length);
      } catch (OutOfMemoryError e) {
        // A huge line on a small heap: skip only this line and keep following.
        skip("line too long for the heap (" + partial.size() + " bytes read so far; give java more"
            + " memory, e.g. -Xmx512m)");
      }
    }

    private void skip(String why) {
      skipping = why;
      partial.reset();
      if (partial.capacity() > CHUNK) {
        partial = new LineBuffer();
      }
    }

    private void line(LineBuffer bytes) {
      String text;
      try {
        text = bytes.decode(utf8);
      } catch (CharacterCodingException e) {
        // The same verdict as the CLI's validate and pretty: the line is bad, not repaired.
        err.println(path + ":" + lineNumber + ": invalid UTF-8 at byte " + bytes.badByte);
        return;
      } catch (OutOfMemoryError e) {
        err.println(path + ":" + lineNumber + ": line too long for the heap (" + bytes.size()
            + " bytes; give java more memory, e.g. -Xmx512m); skipped");
        return;
      }
      line(text);
    }

    private void line(String text) {
      if (text.isBlank()) {
        return;
      }
      WireFormatException problem = null;
      for (LineFormat format : formats) {
        try {
          format.parse(text).forEach(record -> buffer.emit(REDACTOR.redact(record)));
          return;
        } catch (WireFormatException e) {
          problem = problem == null ? e : problem;
        } catch (RuntimeException e) {
          // A parser fault on hostile input must not end the following: it is the line's
          // problem, and its message (which may quote the line) gets the control escapes of
          // every such message, in WireFormatException's constructor.
          problem = new WireFormatException("cannot read the line: " + e);
          break;
        } catch (OutOfMemoryError e) {
          err.println(path + ":" + lineNumber + ": line too long for the heap (" + text.length()
              + " characters; give java more memory, e.g. -Xmx512m); skipped");
          return;
        }
      }
      err.println(path + ":" + lineNumber + ": " + problem.getMessage());
    }
  }

  /** The bytes of a line being read; its capacity shows whether a huge line left a big array. */
  private static final class LineBuffer extends ByteArrayOutputStream {
    /** After a failed {@link #decode}: the 1-based position of the first bad byte. */
    int badByte;

    /** The line as text, every byte checked. */
    String decode(CharsetDecoder decoder) throws CharacterCodingException {
      ByteBuffer bytes = ByteBuffer.wrap(buf, 0, count);
      try {
        return decoder.reset().decode(bytes).toString();
      } catch (CharacterCodingException e) {
        badByte = bytes.position() + 1;
        throw e;
      }
    }

    int capacity() {
      return buf.length;
    }
  }

  /**
   * A file's identity, the same for every name of one file (hard links included) and new when a
   * path names another file (rotation): its {@link BasicFileAttributes#fileKey() file key}
   * (device and inode on Unix) where the platform has one, else its real path with its creation
   * time; null when it cannot be read.
   */
  static Object identity(Path path) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      Object key = attributes.fileKey();
      return key != null ? key : List.of(path.toRealPath(), attributes.creationTime());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** One poll of every file: reads what was appended, follows rotation and truncation. */
  void pollOnce() {
    for (Tail tail : tails) {
      tail.poll(chunk);
    }
  }

  private void run() {
    try {
      while (!stopped) {
        pollOnce();
        Thread.sleep(POLL.toMillis()); // polling interval of the follower, like tail -f's
      }
    } catch (InterruptedException e) {
      // stopped
    } finally {
      tails.forEach(Tail::close);
    }
  }

  /** Stops following. */
  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    if (thread.getState() == Thread.State.NEW) {
      tails.forEach(Tail::close); // never started (driven by pollOnce): nobody else closes them
    }
  }
}
