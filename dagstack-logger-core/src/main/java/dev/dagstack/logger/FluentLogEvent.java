package dev.dagstack.logger;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Values;
import java.util.Arrays;

/**
 * The {@link LogEvent} of an enabled severity: collects attributes in a buffer reused by its
 * thread, so an emit allocates only the values' boxes, the final {@link Attrs} and the record.
 */
final class FluentLogEvent implements LogEvent {

  /** The event of a disabled severity: ignores everything, shared by all threads. */
  static final LogEvent DISABLED = new LogEvent() {
    @Override
    public LogEvent attr(String key, long value) {
      return this;
    }

    @Override
    public LogEvent attr(String key, double value) {
      return this;
    }

    @Override
    public LogEvent attr(String key, boolean value) {
      return this;
    }

    @Override
    public LogEvent attr(String key, Object value) {
      return this;
    }

    @Override
    public void log(Object body) {}

    @Override
    public String toString() {
      return "LogEvent[disabled]";
    }
  };

  private static final ThreadLocal<FluentLogEvent> REUSABLE =
      ThreadLocal.withInitial(FluentLogEvent::new);

  /** Beyond this many slots the buffer is not kept for the next event. */
  private static final int RETAINED_CAPACITY = 256;

  private Object[] entries = new Object[16];
  private int length;
  private Logger logger;
  private int severityNumber;
  /** Between {@link #start} and {@link #log}: a nested event must not reuse this one. */
  private boolean inUse;

  private FluentLogEvent() {}

  /** An event of {@code logger} at {@code severityNumber}: the thread's own unless it is busy. */
  static FluentLogEvent start(Logger logger, int severityNumber) {
    FluentLogEvent event = REUSABLE.get();
    if (event.inUse) {
      event = new FluentLogEvent();
    }
    event.inUse = true;
    event.logger = logger;
    event.severityNumber = severityNumber;
    return event;
  }

  @Override
  public LogEvent attr(String key, long value) {
    return add(key, value);
  }

  @Override
  public LogEvent attr(String key, double value) {
    return add(key, value);
  }

  @Override
  public LogEvent attr(String key, boolean value) {
    return add(key, value);
  }

  @Override
  public LogEvent attr(String key, Object value) {
    // Converted now, as Attrs.of would: a toString that logs runs while this event is in use.
    return add(key, Values.canonical(value));
  }

  private LogEvent add(String key, Object canonicalValue) {
    if (length == entries.length) {
      entries = Arrays.copyOf(entries, length * 2);
    }
    entries[length] = key;
    entries[length + 1] = canonicalValue;
    length += 2;
    return this;
  }

  @Override
  public void log(Object body) {
    Logger target = logger;
    int severity = severityNumber;
    Attrs attributes = length == 0 ? Attrs.empty() : Attrs.ofCanonicalPairs(Arrays.copyOf(entries, length));
    Arrays.fill(entries, 0, length, null);
    length = 0;
    logger = null;
    if (entries.length > RETAINED_CAPACITY) {
      entries = new Object[16];
    }
    inUse = false;
    if (target != null) {
      target.log(severity, body, attributes);
    }
  }

  @Override
  public String toString() {
    return "LogEvent[severity_number=" + severityNumber + ", attributes=" + length / 2 + "]";
  }
}
