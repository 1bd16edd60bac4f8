package dev.dagstack.logger.spring.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.dagstack.logger.context.ScopeContext;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.LoggingEvent;

/**
 * Decides Logback's level check for the dagstack logger where Logback's own (process-wide)
 * levels cannot:
 *
 * <ul>
 *   <li>when a dagstack {@code LoggingScope} of the current execution context lowers the
 *       threshold (a debug request), {@code log.debug(...)} of a logger at INFO gets through for
 *       that request only;
 *   <li>while several application contexts with their own levels run in the JVM (the test-context
 *       cache, two applications), the levels of the context this thread writes to decide, not
 *       those the last context set on Logback: ACCEPT or DENY by the dagstack logger of that name.
 * </ul>
 *
 * Otherwise (the usual single application) Logback's levels, which the starter keeps equal to the
 * dagstack ones, decide.
 *
 * <p>Where it answers for a call itself (ACCEPT, DENY by the per-context levels, or a call it
 * writes) it first asks the turbo filters that come after it, once each, as Logback would have: a
 * later filter's DENY (a {@code MarkerFilter}, a {@code DuplicateMessageFilter}) still denies, its
 * ACCEPT still accepts, and one that counts (Micrometer's {@code MetricsTurboFilter}) still
 * counts.
 *
 * <p>An enabled call whose event would reach the bridge's appender and no other appender is
 * written here, into the dagstack logger, and answered DENY, so that Logback makes no
 * {@code LoggingEvent} for it ({@link DirectRoute}; the record is the one the appender would
 * write). A level question ({@code isDebugEnabled()}) costs a few reads more than Logback's own.
 */
public final class ScopeThresholdTurboFilter extends TurboFilter {

  /** The filter's name in the Logback context. */
  public static final String NAME = "DAGSTACK_SCOPE_THRESHOLD";

  /** Whether the dagstack levels decide every event (several contexts with levels of their own). */
  private static volatile boolean perContextLevels;

  private volatile DirectRoute route;

  public ScopeThresholdTurboFilter() {
    setName(NAME);
  }

  /**
   * Turns the per-context decision on (several application contexts run) or off (none runs any
   * more); it stays on while one context is left, whose levels Logback may no longer hold.
   */
  public static void perContextLevels(boolean on) {
    perContextLevels = on;
  }

  /**
   * Writes the calls it can itself ({@link DirectRoute}): null leaves every event to Logback and
   * the appender.
   */
  void directRoute(DirectRoute route) {
    this.route = route;
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format,
      Object[] params, Throwable t) {
    if (level == null) {
      return FilterReply.NEUTRAL;
    }
    FilterReply own = levelDecision(logger, level);
    DirectRoute direct = route;
    if (own == FilterReply.NEUTRAL && (format == null || direct == null
        || !level.isGreaterOrEqual(logger.getEffectiveLevel()))) {
      // Logback goes on as usual: the turbo filters after this one, then its level.
      return FilterReply.NEUTRAL;
    }
    return answer(own, direct, logger, level, null, marker, format, params, t);
  }

  /**
   * An SLF4J 2 fluent call ({@code log.atInfo()...log()}), whose level was decided when its
   * builder was made: written directly when it can be (the filters after this one asked first,
   * as above), else left to Logback.
   */
  @Override
  public FilterReply decide(Logger logger, LoggingEvent event) {
    Level level = Level.convertAnSLF4JLevel(event.getLevel());
    FilterReply own = levelDecision(logger, level);
    DirectRoute direct = route;
    if (own == FilterReply.NEUTRAL && direct == null) {
      return FilterReply.NEUTRAL;
    }
    return answer(own, direct, logger, level, event, null, event.getMessage(),
        event.getArgumentArray(), event.getThrowable());
  }

  /**
   * This filter's answer for the rest of Logback's chain: the filters after it are asked first,
   * once each, as Logback would ask them (a later DENY still denies, a later ACCEPT still
   * accepts); then the call is written here when it can be ({@code event} is a fluent call's,
   * null for a classic call, whose {@code format} is null for a level question).
   */
  private FilterReply answer(FilterReply own, DirectRoute direct, Logger logger, Level level,
      LoggingEvent event, Marker marker, String format, Object[] params, Throwable t) {
    FilterReply later = FilterReply.NEUTRAL;
    boolean after = false;
    for (TurboFilter filter : logger.getLoggerContext().getTurboFilterList()) {
      if (after) {
        later = event != null ? filter.decide(logger, event)
            : filter.decide(marker, logger, level, format, params, t);
        if (later != FilterReply.NEUTRAL) {
          break;
        }
      } else {
        after = filter == this;
      }
    }
    if (later == FilterReply.DENY || own == FilterReply.DENY && later != FilterReply.ACCEPT) {
      return FilterReply.DENY;
    }
    if (event == null && format == null || direct == null || !direct.takes(logger)) {
      return FilterReply.ACCEPT;
    }
    List<Marker> markers = event != null ? event.getMarkers()
        : marker == null ? null : List.of(marker);
    return direct.write(logger, level, markers, format, params, t,
        event != null ? event.getKeyValuePairs() : null) ? FilterReply.DENY : FilterReply.ACCEPT;
  }

  /** The level decision: ACCEPT or DENY where the dagstack levels decide, else NEUTRAL. */
  private FilterReply levelDecision(Logger logger, Level level) {
    if (perContextLevels) {
      return enabledInContext(logger, level) ? FilterReply.ACCEPT : FilterReply.DENY;
    }
    if (!ScopeContext.anyThresholdLowered()) {
      return FilterReply.NEUTRAL;
    }
    int threshold = ScopeContext.current().threshold();
    return DagstackAppender.severity(level) >= threshold && !level.isGreaterOrEqual(
        logger.getEffectiveLevel()) ? FilterReply.ACCEPT : FilterReply.NEUTRAL;
  }

  /** Whether the context this thread writes to enables {@code level} for {@code logger}. */
  boolean enabledInContext(Logger logger, Level level) {
    // A global dagstack logger answers for the provider bound to this thread, if any.
    return DagstackAppender.loggerFor(logger.getName())
        .isEnabled(DagstackAppender.severity(level));
  }
}
