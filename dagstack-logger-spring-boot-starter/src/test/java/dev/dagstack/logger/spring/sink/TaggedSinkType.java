package dev.dagstack.logger.spring.sink;

import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.sink.Sink;

/**
 * A custom sink type registered through ServiceLoader (see META-INF/services in the test
 * resources): an in-memory sink whose records are kept only when they carry the tag.
 */
public class TaggedSinkType implements SinkType<TaggedSinkType.Settings> {

  /** The settings of a tagged sink. */
  public static class Settings {
    private String tag;
    private int capacity = 100;
    private String minSeverity = "trace";

    public String getTag() {
      return tag;
    }

    public void setTag(String tag) {
      this.tag = tag;
    }

    public int getCapacity() {
      return capacity;
    }

    public void setCapacity(int capacity) {
      this.capacity = capacity;
    }

    public String getMinSeverity() {
      return minSeverity;
    }

    public void setMinSeverity(String minSeverity) {
      this.minSeverity = minSeverity;
    }
  }

  @Override
  public String name() {
    return "tagged";
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
    if (settings.getTag() == null || settings.getTag().isBlank()) {
      throw new InvalidSinkSettingException("tag", settings.getTag(), "a non-empty tag");
    }
    if (settings.getCapacity() <= 0) {
      throw new InvalidSinkSettingException("capacity", settings.getCapacity(), "a positive number of records");
    }
    return new InMemorySink(id, settings.getCapacity(), Severity.parse(settings.getMinSeverity()));
  }
}
