package dev.dagstack.logger.sink;

import java.nio.file.Path;

/**
 * Writes canonical JSON lines to a file, rotating by size (spec §7): when the live file would
 * grow past {@code maxBytes}, {@code app.jsonl} becomes {@code app.jsonl.1}, {@code .1} becomes
 * {@code .2} and so on up to {@code .keep}; the oldest is deleted. {@code maxBytes = 0} never
 * rotates; {@code keep = 0} keeps only the live file. A record is never split across files.
 * Parent folders are created; an existing file is appended to and its size counts toward
 * rotation. Writes happen on a worker thread, batched.
 *
 * <p>Faults (disk full, permission denied, the file deleted or moved away) are reported on the
 * diagnostic channel with the sink id; records that could not be written are counted as
 * {@link DropReason#WRITE_ERROR}, and the sink reopens the file by itself once it can.
 */
public final class FileSink extends AsyncSink {

  /** A file sink that never rotates and accepts every severity. */
  public FileSink(Path path) {
    this(builder(path));
  }

  /** A file sink with the rotation and severity settings of the seed documentation. */
  public FileSink(Path path, long maxBytes, int keep, int minSeverity) {
    this(builder(path).maxBytes(maxBytes).keep(keep).minSeverity(minSeverity));
  }

  private final Path path;

  private FileSink(Builder builder) {
    this(builder, builder.checkedId());
  }

  private FileSink(Builder builder, String id) {
    super(id, builder.minSeverity, builder.overflow, builder.bufferSize, builder.bufferBytes,
        RotatingFileWriter.open(builder.path, builder.maxBytes, builder.keep, id,
            builder.maxRecordBytes));
    this.path = builder.path;
  }

  /** A builder for a sink writing to {@code path}. */
  public static Builder builder(Path path) {
    return new Builder(path);
  }

  /** The live file's path. */
  public Path path() {
    return path;
  }

  /** Builds a {@link FileSink}. */
  public static final class Builder {
    final Path path;
    String id;
    long maxBytes;
    int keep;
    int minSeverity = 1;
    OverflowPolicy overflow = OverflowPolicy.DROP_OLDEST;
    int bufferSize = AsyncSinkDefaults.BUFFER_SIZE;
    long bufferBytes = AsyncSinkDefaults.BUFFER_BYTES;
    int maxRecordBytes = AsyncSinkDefaults.MAX_RECORD_BYTES;

    private Builder(Path path) {
      this.path = path;
    }

    /** The sink id; defaults to {@code "file:<path>"}. */
    public Builder id(String value) {
      this.id = value;
      return this;
    }

    /** Rotate before the live file would exceed this many bytes; 0 never rotates. */
    public Builder maxBytes(long value) {
      this.maxBytes = value;
      return this;
    }

    /** How many rotated files to keep; 0 keeps only the live file. */
    public Builder keep(int value) {
      this.keep = value;
      return this;
    }

    public Builder minSeverity(int value) {
      this.minSeverity = value;
      return this;
    }

    public Builder overflow(OverflowPolicy value) {
      this.overflow = value;
      return this;
    }

    /** How many records may wait for the writer before the overflow policy applies. */
    public Builder bufferSize(int value) {
      this.bufferSize = value;
      return this;
    }

    /**
     * How many bytes of records (estimated heap size, counted at enqueue) may wait for the writer
     * before the overflow policy applies; default 32 MiB. A record larger than this is dropped
     * as {@link DropReason#RECORD_TOO_LARGE}.
     */
    public Builder bufferBytes(long value) {
      this.bufferBytes = value;
      return this;
    }

    /**
     * The longest line written, in UTF-8 bytes without the line feed: 1024 up to 64 MiB
     * ({@link dev.dagstack.logger.wire.JsonLinesEncoder#MAX_LINE_BYTES}), default 16 MiB. A
     * longer record has its long string values cut with a {@code "...<cut N chars>"} marker; one
     * that still does not fit is dropped as {@link DropReason#RECORD_TOO_LARGE}.
     */
    public Builder maxRecordBytes(int value) {
      this.maxRecordBytes = value;
      return this;
    }

    /**
     * Builds the sink and opens the file.
     *
     * @throws IllegalArgumentException for a bad setting or a path that cannot be written, with
     *     the path and the reason
     */
    public FileSink build() {
      return new FileSink(this);
    }

    /** Checks the settings before the file is opened; returns the sink id. */
    private String checkedId() {
      if (path == null) {
        throw new IllegalArgumentException("FileSink path is required");
      }
      String where = "FileSink " + path + ": ";
      if (maxBytes < 0) {
        throw new IllegalArgumentException(
            where + "maxBytes must be 0 (no rotation) or more, got " + maxBytes);
      }
      if (keep < 0) {
        throw new IllegalArgumentException(where + "keep must be 0 or more, got " + keep);
      }
      checkCommonSettings(where, minSeverity, overflow, bufferSize, bufferBytes,
          maxRecordBytes);
      return id != null ? id : "file:" + path;
    }
  }
}
