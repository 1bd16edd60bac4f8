package dev.dagstack.sample;

import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.spring.sink.InvalidSinkSettingException;
import dev.dagstack.logger.spring.sink.SinkType;
import org.springframework.stereotype.Component;

/**
 * The application's own sink type, selected in application.yaml with
 * {@code dagstack.logger.sinks.<id>.type: recent-errors}. Its settings are bound from the same
 * properties; a bad value fails startup naming the property.
 */
@Component
public class RecentErrorsSinkType implements SinkType<RecentErrorsSinkType.Settings> {

  /** {@code dagstack.logger.sinks.<id>.*} of a recent-errors sink. */
  public static class Settings {
    /** How many errors are kept (oldest dropped first). */
    private int capacity = 50;
    /** The lowest severity kept. */
    private String minSeverity = "error";

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
    return "recent-errors";
  }

  @Override
  public Class<Settings> settingsType() {
    return Settings.class;
  }

  @Override
  public Class<? extends Sink> sinkClass() {
    return RecentErrorsSink.class;
  }

  @Override
  public Sink create(String id, Settings settings) {
    if (settings.getCapacity() <= 0) {
      throw new InvalidSinkSettingException("capacity", settings.getCapacity(),
          "a whole number of errors to keep, 1 or more");
    }
    int minSeverity;
    try {
      minSeverity = Severity.parse(settings.getMinSeverity());
    } catch (IllegalArgumentException e) {
      throw new InvalidSinkSettingException("min-severity", settings.getMinSeverity(), e.getMessage());
    }
    return new RecentErrorsSink(id, settings.getCapacity(), minSeverity);
  }
}
