package dev.dagstack.logger.sink;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How often a {@link FileSink} starts a new file, in its configured time zone (spec §7.2). */
public enum RotationInterval {
  /** At every full hour; rotated files are named {@code app.2026-11-30T14.1.jsonl}. */
  HOURLY(ChronoUnit.HOURS, DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH", Locale.ROOT)),
  /** At midnight; rotated files are named {@code app.2026-11-30.1.jsonl}. */
  DAILY(ChronoUnit.DAYS, DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT));

  private final ChronoUnit unit;
  private final DateTimeFormatter label;

  RotationInterval(ChronoUnit unit, DateTimeFormatter label) {
    this.unit = unit;
    this.label = label;
  }

  /** The start of the period holding {@code time}. */
  LocalDateTime periodStart(LocalDateTime time) {
    return time.truncatedTo(unit);
  }

  /** The start of the next period. */
  LocalDateTime next(LocalDateTime periodStart) {
    return periodStart.plus(1, unit);
  }

  /** The period's part of a rotated file's name. */
  String label(LocalDateTime periodStart) {
    return label.format(periodStart);
  }

  /** The period a label names; {@code null} if it is not one of this interval's labels. */
  LocalDateTime parseLabel(String text) {
    try {
      return this == DAILY
          ? java.time.LocalDate.parse(text, label).atStartOfDay()
          : LocalDateTime.parse(text, label);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Parses {@code hourly} or {@code daily}, in any case.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static RotationInterval parse(String value) {
    if (value != null) {
      for (RotationInterval interval : values()) {
        if (interval.name().equalsIgnoreCase(value.strip())) {
          return interval;
        }
      }
    }
    throw new IllegalArgumentException(
        "invalid rotation interval '" + value + "': expected one of hourly, daily");
  }
}
