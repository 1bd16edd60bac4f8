package dev.dagstack.logger.spring.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.dagstack.logger.context.ScopeContext;
import org.slf4j.Marker;

/**
 * Lets an SLF4J event through Logback's level check when a dagstack {@code LoggingScope} of the
 * current execution context lowers the threshold to its level (a debug request), so that
 * {@code log.debug(...)} of a logger at INFO reaches the dagstack logger for that request only.
 * While no thread anywhere has a lowered threshold it answers NEUTRAL after one volatile read.
 */
public final class ScopeThresholdTurboFilter extends TurboFilter {

  /** The filter's name in the Logback context. */
  public static final String NAME = "DAGSTACK_SCOPE_THRESHOLD";

  public ScopeThresholdTurboFilter() {
    setName(NAME);
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format,
      Object[] params, Throwable t) {
    if (!ScopeContext.anyThresholdLowered() || level == null) {
      return FilterReply.NEUTRAL;
    }
    int threshold = ScopeContext.current().threshold();
    return DagstackAppender.severity(level) >= threshold && !level.isGreaterOrEqual(
        logger.getEffectiveLevel()) ? FilterReply.ACCEPT : FilterReply.NEUTRAL;
  }
}
