package dev.dagstack.logger.sink;

import dev.dagstack.logger.wire.WireFormat;
import java.io.OutputStream;
import java.util.Locale;

/**
 * Writes records to a console stream (standard error by default) as coloured pretty text or as
 * canonical JSON lines (spec §7).
 *
 * <p>{@link Mode#AUTO} picks pretty text when the stream is a terminal and JSON lines otherwise,
 * so container log collectors see structured records and a developer's terminal stays readable.
 */
public final class ConsoleSink extends AsyncSink {

  /** How records are rendered. */
  public enum Mode {
    /** Pretty on a terminal, JSON lines otherwise. */
    AUTO,
    /** Canonical JSON lines. */
    JSON,
    /** One human-readable line per record, coloured on a terminal. */
    PRETTY;

    /** Parses {@code auto}, {@code json} or {@code pretty} in any case. */
    public static Mode parse(String value) {
      if (value != null) {
        for (Mode mode : values()) {
          if (mode.name().equalsIgnoreCase(value.strip())) {
            return mode;
          }
        }
      }
      throw new IllegalArgumentException(
          "invalid console mode '" + value + "': expected one of auto, json, pretty");
    }

    String lowerName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private ConsoleSink(Builder builder) {
    this(builder, builder.checkedId());
  }

  private ConsoleSink(Builder builder, String id) {
    super(id, builder.minSeverity, builder.overflow, builder.bufferSize, builder.bufferBytes,
        builder.writer(id));
  }

  /** A console sink in {@link Mode#AUTO} on standard error, accepting every severity. */
  public static ConsoleSink auto() {
    return builder().build();
  }

  /** A builder: mode auto, standard error, every severity, drop_oldest, 8192 buffered records. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ConsoleSink}. */
  public static final class Builder {
    String id;
    Mode mode = Mode.AUTO;
    OutputStream stream;
    Boolean terminal;
    WireFormat format = WireFormat.JSON;
    int minSeverity = 1;
    OverflowPolicy overflow = OverflowPolicy.DROP_OLDEST;
    int bufferSize = AsyncSinkDefaults.BUFFER_SIZE;
    long bufferBytes = AsyncSinkDefaults.BUFFER_BYTES;
    int maxRecordBytes = AsyncSinkDefaults.MAX_RECORD_BYTES;

    private Builder() {}

    /** The sink id; defaults to {@code "console:<mode>"}. */
    public Builder id(String value) {
      this.id = value;
      return this;
    }

    public Builder mode(Mode value) {
      this.mode = value;
      return this;
    }

    /**
     * The stream to write to; defaults to standard error. Written as UTF-8, flushed after each
     * batch, never closed by the sink.
     */
    public Builder stream(OutputStream value) {
      this.stream = value;
      return this;
    }

    /**
     * Whether the stream is a terminal (decides auto mode and colours); detected for standard
     * error and standard output when not set, {@code false} for any other stream.
     */
    public Builder terminal(boolean value) {
      this.terminal = value;
      return this;
    }

    /**
     * The line format when records are not pretty-printed: {@code JSON} (canonical dagstack JSON
     * lines, the default) or {@code OTEL_JSON} (OTel JSON lines, spec §12).
     */
    public Builder format(WireFormat value) {
      this.format = value;
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

    public ConsoleSink build() {
      return new ConsoleSink(this);
    }

    /** Checks the settings; returns the sink id. */
    private String checkedId() {
      if (mode == null) {
        throw new IllegalArgumentException("ConsoleSink mode is required");
      }
      if (format == null) {
        throw new IllegalArgumentException("ConsoleSink format is required");
      }
      checkCommonSettings("ConsoleSink: ", minSeverity, overflow, bufferSize, bufferBytes,
          maxRecordBytes);
      return id != null ? id : "console:" + mode.lowerName();
    }

    /** The writer: pretty or JSON, coloured or not, by mode and by whether it is a terminal. */
    private ConsoleWriter writer(String sinkId) {
      OutputStream out = stream != null ? stream : System.err;
      int fd = out == System.err ? Terminal.STDERR : out == System.out ? Terminal.STDOUT : 0;
      boolean isTerminal;
      boolean color;
      if (terminal != null) {
        isTerminal = terminal;
        color = isTerminal;
      } else {
        isTerminal = fd != 0 && Terminal.isTerminal(fd);
        color = isTerminal && Terminal.colorAllowed();
      }
      boolean pretty = mode == Mode.PRETTY || (mode == Mode.AUTO && isTerminal);
      return new ConsoleWriter(out, pretty, color, sinkId, maxRecordBytes, format);
    }
  }
}
