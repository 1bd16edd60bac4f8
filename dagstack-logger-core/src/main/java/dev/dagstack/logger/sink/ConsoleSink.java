package dev.dagstack.logger.sink;

import dev.dagstack.logger.FlushResult;
import dev.dagstack.logger.Severity;
import dev.dagstack.logger.internal.Terminal;
import dev.dagstack.logger.record.LogRecord;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Writes records to a console stream (standard error by default) as coloured pretty text or as
 * canonical JSON lines (spec §7).
 *
 * <p>{@link Mode#AUTO} picks pretty text when the stream is a terminal and JSON lines otherwise,
 * so container log collectors see structured records and a developer's terminal stays readable.
 */
public final class ConsoleSink implements Sink {

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

  private final String id;
  private final int minSeverity;
  private final AsyncDelivery delivery;

  private ConsoleSink(Builder builder) {
    if (builder.mode == null) {
      throw new IllegalArgumentException("ConsoleSink mode is required");
    }
    if (builder.bufferSize < 1) {
      throw new IllegalArgumentException(
          "ConsoleSink bufferSize must be at least 1, got " + builder.bufferSize);
    }
    if (!Severity.isValid(builder.minSeverity)) {
      throw new IllegalArgumentException(
          "ConsoleSink minSeverity must be between 1 and 24, got " + builder.minSeverity);
    }
    OutputStream stream = builder.stream != null ? builder.stream : System.err;
    int fd = stream == System.err ? Terminal.STDERR : stream == System.out ? Terminal.STDOUT : 0;
    boolean terminal;
    boolean color;
    if (builder.terminal != null) {
      terminal = builder.terminal;
      color = terminal;
    } else {
      terminal = fd != 0 && Terminal.isTerminal(fd);
      color = terminal && Terminal.colorEnabled(fd);
    }
    boolean pretty = builder.mode == Mode.PRETTY || (builder.mode == Mode.AUTO && terminal);
    this.id = builder.id != null ? builder.id : "console:" + builder.mode.lowerName();
    this.minSeverity = builder.minSeverity;
    this.delivery = new AsyncDelivery(id, builder.overflow, builder.bufferSize,
        new ConsoleWriter(stream, pretty, color, id));
  }

  /** A console sink in {@link Mode#AUTO} on standard error, accepting every severity. */
  public static ConsoleSink auto() {
    return builder().build();
  }

  /** A builder: mode auto, standard error, every severity, drop_oldest, 8192 buffered records. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void emit(LogRecord record) {
    delivery.emit(record);
  }

  @Override
  public FlushResult flush(Duration timeout) {
    return delivery.flush(timeout);
  }

  @Override
  public void close() {
    delivery.close();
  }

  @Override
  public boolean supportsSeverity(int severityNumber) {
    return severityNumber >= minSeverity;
  }

  @Override
  public long droppedCount(DropReason reason) {
    return delivery.droppedCount(reason);
  }

  /** Builds a {@link ConsoleSink}. */
  public static final class Builder {
    String id;
    Mode mode = Mode.AUTO;
    OutputStream stream;
    Boolean terminal;
    int minSeverity = 1;
    OverflowPolicy overflow = OverflowPolicy.DROP_OLDEST;
    int bufferSize = AsyncSinkDefaults.BUFFER_SIZE;

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

    public ConsoleSink build() {
      return new ConsoleSink(this);
    }
  }
}
