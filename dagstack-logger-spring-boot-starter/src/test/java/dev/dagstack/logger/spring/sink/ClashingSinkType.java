package dev.dagstack.logger.spring.sink;

import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.sink.Sink;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A custom sink type whose settings reuse the names of built-in ones with other types: its own
 * {@code mode} enum, a free-text {@code stream} and {@code overflow}, {@code keep} as a word,
 * {@code max-bytes} as a plain number, and a {@code headers} map.
 */
public class ClashingSinkType implements SinkType<ClashingSinkType.Settings> {

  /** The type's own mode. */
  public enum Mode { FAST, SLOW }

  /** The settings of a clashing sink. */
  public static class Settings {
    private Mode mode = Mode.SLOW;
    private String stream;
    private String overflow;
    private String keep;
    private long maxBytes;
    private Map<String, String> headers = new LinkedHashMap<>();

    public Mode getMode() {
      return mode;
    }

    public void setMode(Mode mode) {
      this.mode = mode;
    }

    public String getStream() {
      return stream;
    }

    public void setStream(String stream) {
      this.stream = stream;
    }

    public String getOverflow() {
      return overflow;
    }

    public void setOverflow(String overflow) {
      this.overflow = overflow;
    }

    public String getKeep() {
      return keep;
    }

    public void setKeep(String keep) {
      this.keep = keep;
    }

    public long getMaxBytes() {
      return maxBytes;
    }

    public void setMaxBytes(long maxBytes) {
      this.maxBytes = maxBytes;
    }

    public Map<String, String> getHeaders() {
      return headers;
    }

    public void setHeaders(Map<String, String> headers) {
      this.headers = headers;
    }
  }

  /** The settings the last sink was built with. */
  public volatile Settings last;

  @Override
  public String name() {
    return "clashing";
  }

  @Override
  public Class<Settings> settingsType() {
    return Settings.class;
  }

  @Override
  public Class<? extends Sink> sinkClass() {
    return InMemorySink.class;
  }

  @Override
  public Sink create(String id, Settings settings) {
    last = settings;
    return new InMemorySink(id, 10, 1);
  }
}
