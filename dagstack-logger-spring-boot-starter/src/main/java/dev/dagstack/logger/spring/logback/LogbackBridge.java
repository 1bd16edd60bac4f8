package dev.dagstack.logger.spring.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Severity;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Attaches a {@link DagstackAppender} to Logback's root logger (and a
 * {@link ScopeThresholdTurboFilter}, so a scope's lowered threshold reaches SLF4J loggers too) for as long as at least one
 * bridge is installed (several application contexts may share one JVM), optionally detaching the
 * console appenders (Boot's {@code CONSOLE}) so that no event is written twice, and aligning
 * Logback's levels with the dagstack ones given explicitly, so that a dagstack level of DEBUG is
 * not cut off by Logback first. {@link #uninstall()} puts back what it changed.
 */
public final class LogbackBridge {

  private static final Object LOCK = new Object();
  private static int installed;
  private static DagstackAppender appender;
  private static ScopeThresholdTurboFilter thresholdFilter;
  private static final List<Appender<ILoggingEvent>> detachedConsoles = new ArrayList<>();

  private final boolean replaceConsole;
  private final Map<String, Integer> levels;
  private final Map<String, Level> previousLevels = new LinkedHashMap<>();
  private boolean active;

  /**
   * @param replaceConsole whether to detach the console appenders of the root logger
   * @param levels dagstack levels by logger name ({@code ""} for the root) that Logback's levels
   *     are set to, so that what the dagstack configuration lets through reaches it
   */
  public LogbackBridge(boolean replaceConsole, Map<String, Integer> levels) {
    this.replaceConsole = replaceConsole;
    this.levels = Map.copyOf(levels);
  }

  /** Whether a bridge is installed now (by any application context of this JVM). */
  public static boolean anyInstalled() {
    synchronized (LOCK) {
      return installed > 0;
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
      if (active) {
        return;
      }
      ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      // Also after Boot's LoggingSystem re-initialised Logback (a reset drops every appender).
      if (appender == null || root.getAppender(DagstackAppender.NAME) != appender) {
        appender = new DagstackAppender();
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        detachedConsoles.clear();
      }
      if (thresholdFilter == null || !context.getTurboFilterList().contains(thresholdFilter)) {
        thresholdFilter = new ScopeThresholdTurboFilter();
        thresholdFilter.setContext(context);
        thresholdFilter.start();
        context.addTurboFilter(thresholdFilter);
      }
      thresholdFilter.directRoute(DirectRoute.to(appender));
      if (replaceConsole) {
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
          Appender<ILoggingEvent> candidate = it.next();
          if (candidate instanceof ConsoleAppender) {
            detachedConsoles.add(candidate);
          }
        }
        detachedConsoles.forEach(root::detachAppender);
      }
      levels.forEach((name, severity) -> {
        ch.qos.logback.classic.Logger logger = context.getLogger(
            name.isEmpty() ? org.slf4j.Logger.ROOT_LOGGER_NAME : name);
        previousLevels.put(logger.getName(), logger.getLevel());
        logger.setLevel(logbackLevel(severity));
      });
      installed++;
      active = true;
    }
  }

  /** Restores the levels; the last bridge out detaches the appender and re-attaches the consoles. */
  public void uninstall() {
    LoggerContext context = loggerContext();
    synchronized (LOCK) {
      if (!active || context == null) {
        return;
      }
      active = false;
      previousLevels.forEach((name, level) -> context.getLogger(name).setLevel(level));
      previousLevels.clear();
      if (--installed > 0) {
        return;
      }
      ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      if (appender != null && root.getAppender(DagstackAppender.NAME) == appender) {
        for (Appender<ILoggingEvent> console : detachedConsoles) {
          if (console.isStarted()) {
            root.addAppender(console);
          }
        }
        root.detachAppender(appender);
        appender.stop();
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
