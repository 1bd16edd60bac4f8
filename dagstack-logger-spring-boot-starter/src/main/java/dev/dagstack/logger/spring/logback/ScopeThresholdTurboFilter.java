package dev.dagstack.logger.spring.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.context.ScopeContext;
import java.lang.ref.WeakReference;
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
 *       Which dagstack logger that is, is cached per Logback logger and thread-bound provider, so
 *       an event is decided without a lookup by name.
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

  /** Entries of {@link #deciders}; a power of two. */
  private static final int DECIDERS = 2048;

  /**
   * The dagstack logger that decides a Logback logger's events, for the provider bound to the
   * thread (none: the global loggers, which follow the latest context's route). Direct-mapped on
   * the two identities; a collision replaces the entry. No entry goes stale when levels change:
   * it holds the logger itself, whose level state its provider replaces in place on every
   * reconfiguration, route switch and level change, so each decision stays the context's own.
   * Racy by design: entries are immutable, so a thread sees a whole one or misses.
   */
  private final Decider[] deciders = new Decider[DECIDERS];

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
    LoggerProvider bound = LoggerProvider.current();
    LoggerProvider provider = bound != null ? bound : LoggerProvider.global();
    int hash = System.identityHashCode(logger) * 31 + System.identityHashCode(provider);
    int index = (hash ^ (hash >>> 16)) & (DECIDERS - 1);
    Decider decider = deciders[index];
    dev.dagstack.logger.Logger dagstack = decider != null && decider.logback == logger
        ? decider.dagstack.get() : null;
    if (dagstack == null || dagstack.provider() != provider) {
      dagstack = DagstackAppender.loggerFor(provider, logger.getName());
      deciders[index] = new Decider(logger, dagstack);
    }
    return dagstack.isEnabled(DagstackAppender.severity(level));
  }

  /**
   * A Logback logger and the dagstack logger deciding it in one provider; the latter weakly, so
   * that an entry does not keep a closed context's provider alive.
   */
  private static final class Decider {
    final Logger logback;
    final WeakReference<dev.dagstack.logger.Logger> dagstack;

    Decider(Logger logback, dev.dagstack.logger.Logger dagstack) {
      this.logback = logback;
      this.dagstack = new WeakReference<>(dagstack);
    }
  }
}
