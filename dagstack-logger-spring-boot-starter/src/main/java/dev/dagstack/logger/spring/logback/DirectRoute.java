package dev.dagstack.logger.spring.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.EventArgUtil;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import ch.qos.logback.core.util.COWArrayList;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;

/**
 * Writes an SLF4J call into the dagstack logger from the turbo filter, before Logback makes its
 * {@code LoggingEvent}, when the bridge's appender is the only thing that would see the event:
 * the record is the one {@link DagstackAppender} would write, without the event (its objects and
 * the appender loop: 120 of a bridged call's 600 bytes; its time is the same within the noise of
 * {@code BridgeCostBench}), and the filter then answers DENY so that Logback makes none.
 *
 * <p>"Only" is checked on every call, as Logback would walk it: from the event's logger up the
 * additive ancestors, the bridge's appender is attached once and no other appender is, and the
 * appender has no filters of its own. Otherwise, or when this Logback does not let
 * its loggers' appender lists be read (a later Logback that renamed them, a module path that
 * does not open it, a native image), the call takes Logback's usual way and the appender writes
 * the same record.
 */
final class DirectRoute {

  private static final VarHandle PARENT;
  private static final VarHandle APPENDERS_OF_LOGGER;
  private static final VarHandle APPENDER_LIST;

  static {
    VarHandle parent = null;
    VarHandle appendersOfLogger = null;
    VarHandle appenderList = null;
    try {
      MethodHandles.Lookup logger =
          MethodHandles.privateLookupIn(Logger.class, MethodHandles.lookup());
      parent = logger.findVarHandle(Logger.class, "parent", Logger.class);
      appendersOfLogger = logger.findVarHandle(Logger.class, "aai", AppenderAttachableImpl.class);
      appenderList = MethodHandles.privateLookupIn(AppenderAttachableImpl.class,
              MethodHandles.lookup())
          .findVarHandle(AppenderAttachableImpl.class, "appenderList", COWArrayList.class);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // No direct route: a Logback without these fields, a module path that does not open
      // them, a native image without reflection metadata for them.
      parent = null;
    }
    PARENT = parent;
    APPENDERS_OF_LOGGER = appendersOfLogger;
    APPENDER_LIST = appenderList;
  }

  private final DagstackAppender appender;

  private DirectRoute(DagstackAppender appender) {
    this.appender = appender;
  }

  /** The direct route to {@code appender}, or null when this Logback's lists cannot be read. */
  static DirectRoute to(DagstackAppender appender) {
    return PARENT == null ? null : new DirectRoute(appender);
  }

  /**
   * Whether an event of {@code logger} would reach the bridge's appender and nothing else (and
   * the appender has no filters of its own, which only an event can be shown to).
   */
  boolean takes(Logger logger) {
    try {
      return appender.isStarted() && !appender.hasFilters() && reachesOnlyTheAppender(logger);
    } catch (IndexOutOfBoundsException e) {
      // An appender removed between reading a list's size and its element.
      return false;
    }
  }

  private boolean reachesOnlyTheAppender(Logger logger) {
    boolean reached = false;
    for (Logger l = logger; l != null; l = (Logger) PARENT.get(l)) {
      AppenderAttachableImpl<?> attached = (AppenderAttachableImpl<?>) APPENDERS_OF_LOGGER.get(l);
      if (attached != null) {
        COWArrayList<?> appenders = (COWArrayList<?>) APPENDER_LIST.get(attached);
        int size = appenders.size();
        if (size == 1 && !reached && appenders.get(0) == appender) {
          reached = true;
        } else if (size != 0) {
          return false;
        }
      }
      if (!l.isAdditive()) {
        break;
      }
    }
    return reached;
  }

  /**
   * Writes the call as {@link DagstackAppender} writes its event: the message formatted as
   * Logback formats it (a last argument that is a throwable is the exception when none is
   * given), the thread's name, MDC, markers, exception and key-value pairs.
   *
   * @return false, having written nothing, for a thread without a name (which Logback's event
   *     names after the thread's id and kind): the call is to take Logback's usual way
   */
  boolean write(Logger logger, Level level, List<Marker> markers, String format,
      Object[] arguments, Throwable thrown, List<KeyValuePair> pairs) {
    String thread = Thread.currentThread().getName();
    if (thread.isEmpty()) {
      return false;
    }
    String name = logger.getName();
    if (!DagstackAppender.enter(name)) {
      return true;
    }
    try {
      dev.dagstack.logger.Logger target = DagstackAppender.loggerFor(name);
      int severity = DagstackAppender.severity(level);
      if (target.isEnabled(severity)) {
        // As Logback's event: with no throwable given, a last argument that is one is the
        // exception, and the arguments before it are formatted.
        Throwable exception = thrown;
        Object[] formatted = arguments;
        if (thrown == null && arguments != null) {
          Throwable last = EventArgUtil.extractThrowable(arguments);
          if (EventArgUtil.successfulExtraction(last)) {
            exception = last;
            formatted = EventArgUtil.trimmedCopy(arguments);
          }
        }
        String body = formatted == null
            ? format : MessageFormatter.arrayFormat(format, formatted, null).getMessage();
        target.log(severity, 0, body, DagstackAppender.attributes(thread,
            mdc(logger.getLoggerContext()), markers, exception, null, pairs));
      }
    } catch (RuntimeException | LinkageError e) {
      DagstackAppender.failed(name, e);
    } finally {
      DagstackAppender.exit();
    }
    return true;
  }

  /** The MDC as Logback's event reads it. */
  private static Map<String, String> mdc(LoggerContext context) {
    MDCAdapter adapter = context.getMDCAdapter();
    return adapter instanceof LogbackMDCAdapter
        ? ((LogbackMDCAdapter) adapter).getPropertyMap() : adapter.getCopyOfContextMap();
  }
}
