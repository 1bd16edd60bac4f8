package dev.dagstack.logger.spring.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.filter.Filter;
import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Clock;
import dev.dagstack.logger.record.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * A Logback appender that routes every event into the dagstack logger of the same name, so SLF4J
 * output (application code, Spring, Tomcat, Hibernate...) gets the dagstack sinks, levels,
 * redaction, resource, trace context and wire format. The formatted message is the body; the
 * attributes are, in this order (a later source wins for the same key):
 *
 * <ol>
 *   <li>{@code thread.name}: the name of the thread that logged (OpenTelemetry semantic
 *       conventions, as the OpenTelemetry Logback appender records it);
 *   <li>the MDC entries, each under its own key (redacted like any attribute, so
 *       {@code MDC.put("session_token", ...)} is written as {@code "***"}), except Micrometer
 *       Tracing's {@code traceId}/{@code spanId} copies (the record has trace_id and span_id);
 *   <li>{@code logback.marker}: the marker names as a list, when the event has markers (the name
 *       the OpenTelemetry Logback appender uses), without Spring's {@code COMMONS-LOGGING} marker;
 *   <li>the throwable as {@code exception.type}, {@code exception.message},
 *       {@code exception.stacktrace};
 *   <li>the SLF4J 2 key-value pairs of the call.
 * </ol>
 *
 * <p>The record's time is the event's, as Logback read it when the event was made.
 *
 * <p>These are call-site attributes of the record, so they win over attributes bound with
 * {@code Logger.with}, a logging scope's attributes and baggage. Levels map TRACE→1, DEBUG→5,
 * INFO→9, WARN→13, ERROR→17.
 *
 * <p>Logback's own level check runs before an event exists, so a disabled debug call costs what
 * it always did. Events of {@code dagstack.logger.internal}, and events raised while this
 * appender is already routing one on the same thread (a sink that logs through SLF4J), are
 * dropped rather than looped back.
 *
 * <p>The Spring Boot starter attaches it to the root logger; it can also be declared in a
 * {@code logback-spring.xml}. Where the starter's appender is the only appender a call would
 * reach, the bridge's turbo filter writes the same record before Logback makes an event
 * ({@link ScopeThresholdTurboFilter}); this appender writes every other event.
 */
public class DagstackAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

  /** The appender's name on the root logger. */
  public static final String NAME = "DAGSTACK";

  private static final String ROOT_LOGGER_NAME = org.slf4j.Logger.ROOT_LOGGER_NAME;
  private static final String INTERNAL_PREFIX = Diagnostics.LOGGER_NAME + ".";
  /**
   * Whether this thread is routing an event now. A flag kept per thread rather than a value set
   * and removed per event: {@code ThreadLocal.set} after {@code remove} allocates a map entry on
   * every event. A {@code boolean[]} (a JDK type) pins no class loader of the application.
   */
  private static final ThreadLocal<boolean[]> ROUTING = new ThreadLocal<>();

  /** Whether a filter was added to this appender (the bridge's direct route cannot apply one). */
  private volatile boolean filtered;

  public DagstackAppender() {
    setName(NAME);
  }

  @Override
  public void addFilter(Filter<ILoggingEvent> newFilter) {
    super.addFilter(newFilter);
    filtered = true;
  }

  @Override
  public void clearAllFilters() {
    super.clearAllFilters();
    filtered = false;
  }

  /** Whether filters of its own decide which events this appender writes. */
  boolean hasFilters() {
    return filtered;
  }

  @Override
  protected void append(ILoggingEvent event) {
    String name = event.getLoggerName();
    if (!enter(name)) {
      return;
    }
    try {
      Logger logger = loggerFor(name);
      int severity = severity(event.getLevel());
      if (logger.isEnabled(severity)) {
        // The event's time, as Logback read it when the event was made: when it occurred, and
        // the record need not read the clock again (0, the record's own clock, when it has none).
        IThrowableProxy thrown = event.getThrowableProxy();
        logger.log(severity, Clock.unixNano(event.getInstant()), event.getFormattedMessage(),
            attributes(event.getThreadName(), event.getMDCPropertyMap(), event.getMarkerList(),
                thrown instanceof ThrowableProxy ? ((ThrowableProxy) thrown).getThrowable() : null,
                thrown, event.getKeyValuePairs()));
      }
    } catch (RuntimeException | LinkageError e) {
      failed(name, e);
    } finally {
      exit();
    }
  }

  /**
   * Whether an event of logger {@code name} is to be routed now: not one of
   * {@code dagstack.logger.internal}, and not raised while this thread routes one already (a sink
   * that logs through SLF4J). When true, the caller routes it and then calls {@link #exit()}.
   */
  static boolean enter(String name) {
    if (name == null || isInternal(name)) {
      return false;
    }
    boolean[] routing = ROUTING.get();
    if (routing == null) {
      routing = new boolean[1];
      ROUTING.set(routing);
    } else if (routing[0]) {
      return false;
    }
    routing[0] = true;
    return true;
  }

  /** Ends what {@link #enter(String)} began on this thread. */
  static void exit() {
    ROUTING.get()[0] = false;
  }

  /**
   * Reports an event that could not be routed: never into the application's thread. A
   * LinkageError is a core older than this starter, which fails every event: rate-limited, not a
   * stack trace per application log call.
   */
  static void failed(String name, Throwable e) {
    Diagnostics.errorLimited("logback-bridge", "the Logback bridge could not route an event", e,
        Attrs.of("logger.name", name));
  }

  /** The dagstack logger of a Logback logger's name (Logback's ROOT is the root, {@code ""}). */
  static Logger loggerFor(String logbackName) {
    return LoggerProvider.global().get(
        ROOT_LOGGER_NAME.equalsIgnoreCase(logbackName) ? "" : logbackName);
  }

  private static boolean isInternal(String name) {
    return name.equals(Diagnostics.LOGGER_NAME) || name.startsWith(INTERNAL_PREFIX);
  }

  /** CONTRACT §2: TRACE→1, DEBUG→5, INFO→9, WARN→13, ERROR→17. */
  static int severity(Level level) {
    switch (level.toInt()) {
      case Level.TRACE_INT:
        return Severity.TRACE;
      case Level.DEBUG_INT:
        return Severity.DEBUG;
      case Level.WARN_INT:
        return Severity.WARN;
      case Level.ERROR_INT:
        return Severity.ERROR;
      default:
        return Severity.INFO;
    }
  }

  /** The attribute key of the thread's name (OpenTelemetry semantic conventions). */
  public static final String THREAD_NAME = "thread.name";
  /** The attribute key of the marker names, as the OpenTelemetry Logback appender names it. */
  public static final String MARKER = "logback.marker";

  /**
   * Micrometer Tracing's MDC copies of the trace context: the record carries trace_id and span_id
   * itself, so they are not repeated as attributes.
   */
  private static final java.util.Set<String> TRACE_MDC_KEYS = java.util.Set.of("traceId", "spanId");
  /** The marker Spring's commons-logging adapter puts on every event it forwards: no information. */
  private static final String COMMONS_LOGGING_MARKER = "COMMONS-LOGGING";

  /**
   * An event's attributes, in the order of the class comment. {@code thrown} is the event's
   * throwable when there is one at hand, else {@code proxy} (a deserialised event's) is read.
   */
  static Attrs attributes(String thread, Map<String, String> mdc, List<Marker> markers,
      Throwable thrown, IThrowableProxy proxy, List<KeyValuePair> pairs) {
    boolean hasThrown = thrown != null || proxy != null;
    // Exact size where known: a builder of the exact size hands its array over.
    int expected = 1 + (pairs == null ? 0 : pairs.size()) + (hasThrown ? 3 : 0)
        + (mdc == null ? 0 : mdc.size()) + (markers == null || markers.isEmpty() ? 0 : 1);
    Attrs.Builder builder = Attrs.builder(expected);
    if (thread != null) {
      builder.put(THREAD_NAME, thread);
    }
    if (mdc != null && !mdc.isEmpty()) {
      mdc.forEach((key, value) -> {
        if (!TRACE_MDC_KEYS.contains(key)) {
          builder.put(key, value);
        }
      });
    }
    if (markers != null && !markers.isEmpty()) {
      List<String> names = null;
      for (Marker marker : markers) {
        if (marker != null && !COMMONS_LOGGING_MARKER.equals(marker.getName())) {
          if (names == null) {
            names = new ArrayList<>(markers.size());
          }
          names.add(marker.getName());
        }
      }
      if (names != null) {
        builder.put(MARKER, names);
      }
    }
    if (thrown != null) {
      builder.putAll(Diagnostics.exceptionAttributes(thrown));
    } else if (proxy != null) {
      putException(builder, proxy);
    }
    // Call-site key-value pairs win over the exception's attributes, as in the core API.
    if (pairs != null) {
      for (KeyValuePair pair : pairs) {
        builder.put(pair.key, pair.value);
      }
    }
    return builder.build();
  }

  /** The OpenTelemetry exception attributes of a proxy without its throwable (deserialised). */
  private static void putException(Attrs.Builder builder, IThrowableProxy thrown) {
    builder.put("exception.type", thrown.getClassName());
    if (thrown.getMessage() != null) {
      builder.put("exception.message", thrown.getMessage());
    }
    builder.put("exception.stacktrace", ThrowableProxyUtil.asString(thrown));
  }
}
