package dev.dagstack.logger.spring.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.dagstack.logger.context.ScopeContext;
import org.slf4j.Marker;

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
 * Otherwise (the usual single application) it answers NEUTRAL after two volatile reads, and
 * Logback's levels, which the starter keeps equal to the dagstack ones, decide.
 */
public final class ScopeThresholdTurboFilter extends TurboFilter {

  /** The filter's name in the Logback context. */
  public static final String NAME = "DAGSTACK_SCOPE_THRESHOLD";

  /** Whether the dagstack levels decide every event (several contexts with levels of their own). */
  private static volatile boolean perContextLevels;

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

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format,
      Object[] params, Throwable t) {
    if (level == null) {
      return FilterReply.NEUTRAL;
    }
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
