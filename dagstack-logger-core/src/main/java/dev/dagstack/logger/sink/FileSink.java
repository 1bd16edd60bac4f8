package dev.dagstack.logger.sink;

import dev.dagstack.logger.wire.WireFormat;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Writes canonical JSON lines to a file, rotating by size (spec §7): when the live file would
 * grow past {@code maxBytes}, {@code app.jsonl} becomes {@code app.jsonl.1}, {@code .1} becomes
 * {@code .2} and so on up to {@code .keep}; the oldest is deleted. {@code maxBytes = 0} never
 * rotates; {@code keep = 0} keeps only the live file. A record is never split across files.
 * Parent folders are created; an existing file is appended to and its size counts toward
 * rotation. Writes happen on a worker thread, batched.
 *
 * <p>With {@link Builder#rotateEvery rotateEvery(DAILY or HOURLY)} the file also rotates at the
 * end of each day or hour in the configured zone, and rotated files get dated names that sort:
 * {@code app.jsonl} becomes {@code app.2026-11-30.1.jsonl} ({@code .2}, {@code .3} … when the
 * size limit rotates it again the same day; hourly: {@code app.2026-11-30T14.1.jsonl}); the
 * numbering continues after a restart. Then retention applies, on the worker: {@code keep}
 * rotated files at most (no limit by count unless set), none older than {@code maxAge}, at most
 * {@code maxTotalBytes} together (oldest deleted first), and with {@code compress} each rotated
 * file is gzipped ({@code app.2026-11-30.1.jsonl.gz}).
 *
 * <p>Records are written as canonical dagstack JSON lines, or with {@code format(OTEL_JSON)} as
 * OTel JSON lines (spec §12).
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
            builder.maxRecordBytes, builder.format, builder.timeRotation()));
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
    boolean keepSet;
    WireFormat format = WireFormat.JSON;
    RotationInterval rotateEvery;
    ZoneId zone = ZoneId.systemDefault();
    Clock clock = Clock.systemUTC();
    Duration maxAge;
    long maxTotalBytes;
    boolean compress;
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
      this.keepSet = true;
      return this;
    }

    /** The line format: {@code JSON} (canonical dagstack JSON lines, the default) or {@code OTEL_JSON}. */
    public Builder format(WireFormat value) {
      this.format = value;
      return this;
    }

    /** Also rotate at the end of every day or hour (in {@link #zone}); dated rotated names. */
    public Builder rotateEvery(RotationInterval value) {
      this.rotateEvery = value;
      return this;
    }

    /** The time zone of the day and hour boundaries; defaults to the system's. */
    public Builder zone(ZoneId value) {
      this.zone = value;
      return this;
    }

    /** With rotation by time: delete rotated files whose period ended longer ago than this. */
    public Builder maxAge(Duration value) {
      this.maxAge = value;
      return this;
    }

    /** With rotation by time: the most bytes all rotated files may take; 0 (default) no limit. */
    public Builder maxTotalBytes(long value) {
      this.maxTotalBytes = value;
      return this;
    }

    /** With rotation by time: gzip each rotated file on the worker. */
    public Builder compress(boolean value) {
      this.compress = value;
      return this;
    }

    /** The clock that decides when a period ends (tests use a fixed one). */
    Builder clock(Clock value) {
      this.clock = value;
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
      if (format == null) {
        throw new IllegalArgumentException(where + "format is required");
      }
      if (rotateEvery == null && (compress || maxAge != null || maxTotalBytes != 0)) {
        throw new IllegalArgumentException(where + "compress, maxAge and maxTotalBytes apply to"
            + " dated rotated files: set rotateEvery (hourly or daily) too");
      }
      if (rotateEvery != null && zone == null) {
        throw new IllegalArgumentException(where + "zone is required");
      }
      if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
        throw new IllegalArgumentException(where + "maxAge must be positive, got " + maxAge);
      }
      if (maxTotalBytes < 0) {
        throw new IllegalArgumentException(
            where + "maxTotalBytes must be 0 (no limit) or more, got " + maxTotalBytes);
      }
      checkCommonSettings(where, minSeverity, overflow, bufferSize, bufferBytes,
          maxRecordBytes);
      return id != null ? id : "file:" + path;
    }

    /** The time rotation settings, or null when the file rotates by size only. */
    private TimeRotation.Settings timeRotation() {
      if (rotateEvery == null) {
        return null;
      }
      return new TimeRotation.Settings(rotateEvery, zone, clock, keepSet ? keep : -1, maxAge,
          maxTotalBytes, compress);
    }
  }
}
