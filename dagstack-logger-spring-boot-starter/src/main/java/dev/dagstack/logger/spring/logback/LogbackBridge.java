package dev.dagstack.logger.spring.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.ConfigurationEvent;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Severity;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Attaches a {@link DagstackAppender} to Logback's root logger (and a
 * {@link ScopeThresholdTurboFilter}, so a scope's lowered threshold reaches SLF4J loggers too) for as long as at least one
 * bridge is installed (several application contexts may share one JVM), optionally detaching the
 * console appenders (Boot's {@code CONSOLE}) so that no event is written twice, and aligning
 * Logback's levels with the dagstack ones given explicitly, so that a dagstack level of DEBUG is
 * not cut off by Logback first. {@link #uninstall()} puts back what it changed.
 *
 * <p>A {@code DagstackAppender} already on the root logger (declared in the Logback
 * configuration, also behind an {@code AsyncAppender} there) is used instead of a second one, and
 * left attached; one declared on another logger gets that logger's events besides the bridge. When Logback is configured
 * again while a bridge is installed (a scanned configuration file reloaded), the bridge is
 * attached again once the configuration ended.
 */
public final class LogbackBridge {

  private static final Object LOCK = new Object();
  /** The bridges installed now, oldest first (several application contexts may share a JVM). */
  private static final List<LogbackBridge> active = new ArrayList<>();
  private static DagstackAppender appender;
  /** Whether {@link #appender} is the bridge's own, not one declared in the Logback configuration. */
  private static boolean ownAppender;
  private static ScopeThresholdTurboFilter thresholdFilter;
  private static final List<Appender<ILoggingEvent>> detachedConsoles = new ArrayList<>();
  /** The Logback context whose reconfigurations the bridge follows. */
  private static LoggerContext followed;

  private final boolean replaceConsole;
  private final Map<String, Integer> levels;
  private final Map<String, Level> previousLevels = new LinkedHashMap<>();
  private final Consumer<Map<String, Level>> reconfigured;

  /**
   * @param replaceConsole whether to detach the console appenders of the root logger
   * @param levels dagstack levels by logger name ({@code ""} for the root) that Logback's levels
   *     are set to, so that what the dagstack configuration lets through reaches it
   */
  public LogbackBridge(boolean replaceConsole, Map<String, Integer> levels) {
    this(replaceConsole, levels, null);
  }

  /**
   * @param replaceConsole whether to detach the console appenders of the root logger
   * @param levels dagstack levels by logger name ({@code ""} for the root) that Logback's levels
   *     are set to
   * @param reconfigured called after Logback was configured again while this bridge is installed
   *     and the bridge attached itself again, with the levels the new configuration set (by
   *     Logback logger name, {@code ROOT} for the root), read before any bridge set its own
   *     (Spring Boot's logging system gives its levels to Logback again there), or null
   */
  public LogbackBridge(boolean replaceConsole, Map<String, Integer> levels,
      Consumer<Map<String, Level>> reconfigured) {
    this.replaceConsole = replaceConsole;
    this.levels = Map.copyOf(levels);
    this.reconfigured = reconfigured;
  }

  /** Whether a bridge is installed now (by any application context of this JVM). */
  public static boolean anyInstalled() {
    synchronized (LOCK) {
      return !active.isEmpty();
    }
  }

  /** Attaches the appender (if no other bridge has) and applies the levels. */
  public void install() {
    LoggerContext context = loggerContext();
    if (context == null) {
      Diagnostics.warn("SLF4J is not bound to Logback; the dagstack SLF4J bridge stays off");
      return;
    }
    synchronized (LOCK) {
      if (active.contains(this)) {
        return;
      }
      active.add(this);
      attach(context, List.of(this));
      if (followed != context) {
        // A configuration file reloaded (scan="true") or applied again resets Logback, which
        // drops the appender and the turbo filter: they are attached again once it is done.
        context.addConfigurationEventListener(LogbackBridge::reattach);
        followed = context;
      }
    }
  }

  /** Restores the levels; the last bridge out detaches the appender and re-attaches the consoles. */
  public void uninstall() {
    LoggerContext context = loggerContext();
    synchronized (LOCK) {
      if (context == null || !active.remove(this)) {
        return;
      }
      previousLevels.forEach((name, level) -> context.getLogger(name).setLevel(level));
      previousLevels.clear();
      if (!active.isEmpty()) {
        return;
      }
      ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      // Not after a reset that dropped the bridge's own appender (and the consoles with it).
      if (appender != null && (!ownAppender || root.isAttached(appender))) {
        for (Appender<ILoggingEvent> console : detachedConsoles) {
          if (console.isStarted()) {
            root.addAppender(console);
          }
        }
        if (ownAppender) {
          root.detachAppender(appender);
          appender.stop();
        }
      }
      detachedConsoles.clear();
      appender = null;
      if (thresholdFilter != null) {
        context.getTurboFilterList().remove(thresholdFilter);
        thresholdFilter.stop();
        thresholdFilter = null;
      }
    }
  }

  /**
   * Attaches what the installed bridges need (under LOCK): the appender — one declared in the
   * Logback configuration on the root logger is used rather than a second one —, the turbo
   * filter; and for {@code applying} (the bridge being installed, or every installed bridge
   * after Logback was configured again) the consoles detached and the levels.
   */
  private static void attach(LoggerContext context, List<LogbackBridge> applying) {
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    DagstackAppender onRoot = declared(root.iteratorForAppenders(), 0);
    if (onRoot == null) {
      // Also after Boot's LoggingSystem re-initialised Logback (a reset drops every appender).
      appender = new DagstackAppender();
      appender.setContext(context);
      appender.start();
      root.addAppender(appender);
      ownAppender = true;
      detachedConsoles.clear();
    } else if (onRoot != appender) {
      appender = onRoot;
      ownAppender = false;
      detachedConsoles.clear();
    }
    if (thresholdFilter == null || !context.getTurboFilterList().contains(thresholdFilter)) {
      thresholdFilter = new ScopeThresholdTurboFilter();
      thresholdFilter.setContext(context);
      thresholdFilter.start();
      context.addTurboFilter(thresholdFilter);
    }
    thresholdFilter.directRoute(DirectRoute.to(appender));
    if (applying.stream().anyMatch(bridge -> bridge.replaceConsole)) {
      List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        Appender<ILoggingEvent> candidate = it.next();
        if (candidate instanceof ConsoleAppender) {
          consoles.add(candidate);
        }
      }
      consoles.forEach(root::detachAppender);
      detachedConsoles.addAll(consoles);
    }
    for (LogbackBridge bridge : applying) {
      bridge.levels.forEach((name, severity) -> {
        ch.qos.logback.classic.Logger logger = context.getLogger(
            name.isEmpty() ? org.slf4j.Logger.ROOT_LOGGER_NAME : name);
        bridge.previousLevels.putIfAbsent(logger.getName(), logger.getLevel());
        logger.setLevel(logbackLevel(severity));
      });
    }
  }

  /**
   * A {@code DagstackAppender} among {@code appenders}, also behind an appender that holds others
   * (an {@code AsyncAppender}), or null.
   */
  private static DagstackAppender declared(Iterator<Appender<ILoggingEvent>> appenders,
      int depth) {
    while (appenders.hasNext()) {
      Appender<ILoggingEvent> candidate = appenders.next();
      if (candidate instanceof DagstackAppender found) {
        return found;
      }
      if (candidate instanceof AppenderAttachable<?> holder && depth < 8) {
        @SuppressWarnings("unchecked")
        DagstackAppender inside = declared(
            ((AppenderAttachable<ILoggingEvent>) holder).iteratorForAppenders(), depth + 1);
        if (inside != null) {
          return inside;
        }
      }
    }
    return null;
  }

  /** After Logback was configured again while a bridge is installed: attached again. */
  private static void reattach(ConfigurationEvent event) {
    ConfigurationEvent.EventType type = event.getEventType();
    if (type != ConfigurationEvent.EventType.CONFIGURATION_ENDED_SUCCESSFULLY
        && type != ConfigurationEvent.EventType.PARTIAL_CONFIGURATION_ENDED_SUCCESSFULLY
        && type != ConfigurationEvent.EventType.CONFIGURATION_ENDED_WITH_XML_PARSING_ERRORS) {
      return;
    }
    LoggerContext context = loggerContext();
    List<Consumer<Map<String, Level>>> then = new ArrayList<>();
    Map<String, Level> configured;
    synchronized (LOCK) {
      if (context == null || active.isEmpty()) {
        return;
      }
      // The configuration's own levels, before any bridge sets its levels on Logback again.
      configured = configuredLevels(context);
      attach(context, active);
      active.stream().map(bridge -> bridge.reconfigured).filter(Objects::nonNull)
          .forEach(then::add);
    }
    for (Consumer<Map<String, Level>> run : then) {
      try {
        run.accept(configured);
      } catch (RuntimeException e) {
        Diagnostics.warn("the levels could not be given to Logback again after it was configured"
            + " again: " + e);
      }
    }
  }

  /** The levels set on Logback's loggers now, by logger name ({@code ROOT} for the root). */
  public static Map<String, Level> configuredLevels(LoggerContext context) {
    Map<String, Level> configured = new LinkedHashMap<>();
    for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
      Level level = logger.getLevel();
      if (level != null) {
        configured.put(logger.getName(), level);
      }
    }
    return Map.copyOf(configured);
  }

  /** The Logback level that lets {@code severity} through: its bucket (FATAL → ERROR). */
  static Level logbackLevel(int severity) {
    if (severity < Severity.DEBUG) {
      return Level.TRACE;
    }
    if (severity < Severity.INFO) {
      return Level.DEBUG;
    }
    if (severity < Severity.WARN) {
      return Level.INFO;
    }
    return severity < Severity.ERROR ? Level.WARN : Level.ERROR;
  }

  private static LoggerContext loggerContext() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    return factory instanceof LoggerContext ? (LoggerContext) factory : null;
  }
}
