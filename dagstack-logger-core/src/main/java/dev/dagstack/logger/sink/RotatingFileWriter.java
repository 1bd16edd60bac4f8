package dev.dagstack.logger.sink;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Clock;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.RecordEncoder;
import dev.dagstack.logger.wire.WireFormat;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link FileSink}'s worker side: encodes each batch into one buffer and appends it with one
 * write, rotating by size between records. Recovers from I/O faults by reopening the live file
 * on a later batch, and notices at each batch when the live file was deleted or moved away.
 */
final class RotatingFileWriter implements AsyncDelivery.BatchWriter {

  private final Path path;
  private final long maxBytes;
  private final int keep;
  private final WriteFaults faults;
  private final RecordEncoder encoder;
  /** Rotation by time with dated names, retention and compression; null: numbered by size only. */
  private final TimeRotation timed;

  private FileChannel channel;
  private OutputStream out;
  /** The live file's size, read again before each batch (external truncation, appends). */
  private long size;
  /** The live file's identity when opened, to notice deletion or replacement. */
  private Object fileKey;
  private boolean rotationFailed;

  private final RecordLimit limit;
  private final WireFormat format;
  /** A rotated file's name as {@link #rotated} writes it: the live name, a dot, its number. */
  private final Pattern rotatedName;

  private RotatingFileWriter(Path path, long maxBytes, int keep, String sinkId,
      int maxRecordBytes, WireFormat format, TimeRotation.Settings timeRotation) {
    this.limit = new RecordLimit(maxRecordBytes, sinkId);
    this.path = path;
    this.maxBytes = maxBytes;
    this.keep = keep;
    this.faults = new WriteFaults(sinkId, "log file " + path, Attrs.of("file.path", path.toString()));
    this.encoder = format.newEncoder();
    this.format = format;
    this.rotatedName = Pattern.compile(
        Pattern.quote(path.getFileName().toString()) + "\\.([1-9][0-9]{0,9})");
    this.timed = timeRotation == null ? null : timeRotation.create(faults::error);
  }

  /**
   * Opens (creates, appends to) the live file on the caller's thread; records are written in
   * {@code format}, and rotated also by time when {@code timeRotation} is set.
   *
   * @throws IllegalArgumentException naming the path and the reason when it cannot be opened
   */
  static RotatingFileWriter open(Path path, long maxBytes, int keep, String sinkId,
      int maxRecordBytes, WireFormat format, TimeRotation.Settings timeRotation) {
    RotatingFileWriter writer = new RotatingFileWriter(path, maxBytes, keep, sinkId,
        maxRecordBytes, format, timeRotation);
    try {
      writer.openLive();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot open log file " + path + " for writing: " + describe(e), e);
    }
    return writer;
  }

  @Override
  public CallerEncoders callerEncoders() {
    return limit.callerEncoders(format);
  }

  @Override
  public int write(LogRecord[] batch, byte[][] encoded, int count) {
    int written = 0;
    // Of the records dropped as too large in this batch, those before written: the rest are
    // counted as too large, so they are not lost to a failed write too.
    int oversizedWritten = 0;
    try {
      ensureLiveFile();
      rotationFailed = false;
      rotateIfPeriodEnded();
      long now = Clock.nowUnixNano();
      encoder.reset();
      for (int i = 0; i < count; i++) {
        int before = encoder.size();
        byte[] line = encoded == null ? null : encoded[i];
        if (!limit.append(encoder, batch[i], line, now)) {
          continue;
        }
        if (mustRotateBefore(before)) {
          byte[] buffered = encoder.toByteArray();
          if (before > 0) {
            appendBytes(buffered, before);
            written = i;
            oversizedWritten = limit.oversizedSoFar();
          }
          rotate();
          encoder.reset();
          // The record's bytes as encoded (not encoded again: a cut would be reported twice).
          encoder.appendEncoded(Arrays.copyOfRange(buffered, before, buffered.length));
        }
      }
      appendEncoded();
      faults.succeeded();
      return 0;
    } catch (IOException | RuntimeException e) {
      closeQuietly();
      int lost = count - written - (limit.oversizedSoFar() - oversizedWritten);
      faults.failed(e, lost);
      return lost;
    } finally {
      // A batch's large buffer is not kept while the sink is idle (reset lets it go).
      encoder.reset();
    }
  }

  /** Whether the record just appended after {@code before} buffered bytes overflows the file. */
  private boolean mustRotateBefore(int before) {
    // An empty file takes any record, even one larger than maxBytes: it goes alone.
    return maxBytes > 0 && !rotationFailed
        && size + encoder.size() > maxBytes && size + before > 0;
  }

  @Override
  public int oversized() {
    return limit.takeOversized();
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private void openLive() throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    // Written through the stream and sized with a stat: a FileChannel call closes the file when
    // the worker happens to be interrupted (an interrupt meant for another thread), which would
    // fail a batch that was in fact written. The channel only undoes a partial write.
    FileOutputStream stream = new FileOutputStream(path.toFile(), true);
    channel = stream.getChannel();
    out = stream;
    // One stat for both (the file was just opened, so it is there).
    BasicFileAttributes opened = Files.readAttributes(path, BasicFileAttributes.class);
    size = opened.size();
    fileKey = opened.fileKey();
    if (timed != null) {
      timed.opened(path, size);
    }
  }

  /** Starts a new file when the live file's period is over (rotation by time only). */
  private void rotateIfPeriodEnded() throws IOException {
    if (timed != null && timed.due()) {
      if (size > 0) {
        rotate();
      } else {
        timed.skipToNow();
      }
    }
  }

  /** Opens the file after a fault, or reopens it when it was deleted or moved away. */
  private void ensureLiveFile() throws IOException {
    if (channel == null) {
      openLive();
      return;
    }
    BasicFileAttributes live = liveAttributes();
    if (live == null || (live.fileKey() != null && !Objects.equals(live.fileKey(), fileKey))) {
      faults.warn("log file " + path + " was deleted or moved away; reopening it");
      closeQuietly();
      openLive();
      return;
    }
    // Another process may have truncated (logrotate copytruncate) or appended to the file: the
    // rotation count follows the real size, read by the same stat, not only what was written.
    size = live.size();
  }


  /** The live path's attributes, or {@code null} when it is absent. */
  private BasicFileAttributes liveAttributes() {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      return null;
    }
  }

  private void appendEncoded() throws IOException {
    long before = size;
    try {
      encoder.writeTo(out);
      size += encoder.size();
    } catch (IOException e) {
      undoPartialWrite(before);
      throw e;
    }
  }

  private void appendBytes(byte[] bytes, int length) throws IOException {
    long before = size;
    try {
      out.write(bytes, 0, length);
      size += length;
    } catch (IOException e) {
      undoPartialWrite(before);
      throw e;
    }
  }

  /** Cuts off what a failed write left (e.g. half a line on a full disk). */
  private void undoPartialWrite(long sizeBefore) {
    try {
      if (channel.size() > sizeBefore) {
        channel.truncate(sizeBefore);
      }
    } catch (IOException | RuntimeException ignored) {
      // The file is unusable anyway; the next batch reopens it.
    }
  }

  /** {@code app.jsonl} → {@code .1} → … → {@code .keep}; the oldest is deleted. */
  private void rotate() throws IOException {
    closeQuietly();
    try {
      if (timed != null) {
        timed.rotate(path);
      } else if (keep == 0) {
        Files.deleteIfExists(path);
      } else {
        // Only the numbers that exist, highest first: asking for each of 1..keep made every
        // rotation as slow as keep is large (keep(1_000_000): 23 s for ten rotations). Those from
        // keep on go, including ones a larger keep of an earlier run left.
        int[] numbers = rotatedNumbers();
        for (int i = numbers.length - 1; i >= 0; i--) {
          if (numbers[i] >= keep) {
            Files.deleteIfExists(rotated(numbers[i]));
          } else {
            Files.move(rotated(numbers[i]), rotated(numbers[i] + 1),
                StandardCopyOption.REPLACE_EXISTING);
          }
        }
        Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // Writing on past maxBytes beats losing records; retried with the next batch.
      rotationFailed = true;
      if (timed != null) {
        // The next try is at the end of this period, not at every batch.
        timed.skipToNow();
      }
      faults.error("rotating log file " + path + " failed; writing on in the live file", e);
    }
    openLive();
  }

  private Path rotated(int index) {
    return path.resolveSibling(path.getFileName() + "." + index);
  }

  /**
   * The numbers of the rotated files there are (named as {@link #rotated} names them), in
   * ascending order: one read of the directory.
   */
  private int[] rotatedNumbers() throws IOException {
    List<Integer> numbers = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(path.toAbsolutePath().getParent())) {
      for (Path file : files) {
        Matcher m = rotatedName.matcher(file.getFileName().toString());
        // Ten digits at most, so a long holds it; beyond an int it is no number rotated writes.
        if (m.matches() && Long.parseLong(m.group(1)) <= Integer.MAX_VALUE) {
          numbers.add(Integer.parseInt(m.group(1)));
        }
      }
    }
    return numbers.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  private void closeQuietly() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing left to save in a file we are giving up on.
      }
      channel = null;
      out = null;
    }
  }

  private static String describe(Exception e) {
    String name = e.getClass().getSimpleName();
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory (" + e.getMessage() + ")";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied (" + e.getMessage() + ")";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "a file is in the way of a folder (" + e.getMessage() + ")";
    }
    return e.getMessage() == null ? name : name + ": " + e.getMessage();
  }
}
