package dev.dagstack.logger.context;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.sink.Sink;
import java.util.Arrays;

/**
 * What the open scopes of one execution context add up to: sink overrides by logger name
 * ({@code Logger.scopeSinks}), sinks appended to every record, attributes and a lowered
 * threshold ({@code LoggingScope}). Immutable; {@link ScopeContext} keeps the current one per
 * thread.
 *
 * <p>Not part of the supported API: public for the root package, {@code convention} and the
 * starter's Logback turbo filter only (they hold the state {@link ScopeContext#current()}
 * returns); may change without notice.
 */
public final class ScopeState {

  /** No threshold lowering. */
  public static final int NO_THRESHOLD = Integer.MAX_VALUE;

  private static final Sink[] NO_SINKS = new Sink[0];

  /** No scope at all. */
  public static final ScopeState EMPTY =
      new ScopeState(new String[0], new Sink[0][], NO_SINKS, Attrs.empty(), NO_THRESHOLD, false);

  /** Logger names whose sinks are overridden, innermost scope first. */
  private final String[] overrideNames;
  private final Sink[][] overrideSinks;
  private final Sink[] appendedSinks;
  private final Attrs attributes;
  private final int threshold;
  /** Whether a scope captures AI-agent bodies (spec §5.5: the per-request debug capture). */
  private final boolean captureBodies;

  private ScopeState(String[] overrideNames, Sink[][] overrideSinks, Sink[] appendedSinks,
      Attrs attributes, int threshold, boolean captureBodies) {
    this.overrideNames = overrideNames;
    this.overrideSinks = overrideSinks;
    this.appendedSinks = appendedSinks;
    this.attributes = attributes;
    this.threshold = threshold;
    this.captureBodies = captureBodies;
  }

  /** Whether no scope contributes anything. */
  public boolean isEmpty() {
    return overrideNames.length == 0 && appendedSinks.length == 0 && attributes.isEmpty()
        && threshold == NO_THRESHOLD && !captureBodies;
  }

  /** Whether an open scope turns on AI-agent body capture for this context. */
  public boolean capturesBodies() {
    return captureBodies;
  }

  /**
   * The overriding sinks for a logger whose sink inheritance chain is {@code chain} (its own
   * name first, up to the logger its sinks come from), or {@code null}: the nearest overridden
   * name wins, and for one name the innermost scope.
   */
  public Sink[] overrideFor(String[] chain) {
    if (overrideNames.length == 0) {
      return null;
    }
    for (String name : chain) {
      for (int i = 0; i < overrideNames.length; i++) {
        if (overrideNames[i].equals(name)) {
          return overrideSinks[i];
        }
      }
    }
    return null;
  }

  /** Sinks every record of this context also goes to. */
  public Sink[] appendedSinks() {
    return appendedSinks;
  }

  /** Attributes added to every record (the weakest layer after baggage). */
  public Attrs attributes() {
    return attributes;
  }

  /** The lowest threshold of the open scopes, or {@link #NO_THRESHOLD}. */
  public int threshold() {
    return threshold;
  }

  /** Whether a scope lowers the threshold. */
  public boolean lowersThreshold() {
    return threshold != NO_THRESHOLD;
  }

  ScopeState withSinkOverride(String loggerName, Sink[] sinks) {
    String[] names = new String[overrideNames.length + 1];
    Sink[][] sinkLists = new Sink[overrideSinks.length + 1][];
    names[0] = loggerName;
    sinkLists[0] = sinks;
    System.arraycopy(overrideNames, 0, names, 1, overrideNames.length);
    System.arraycopy(overrideSinks, 0, sinkLists, 1, overrideSinks.length);
    return new ScopeState(names, sinkLists, appendedSinks, attributes, threshold, captureBodies);
  }

  ScopeState withScope(Attrs scopeAttributes, int scopeThreshold, Sink[] scopeSinks,
      boolean scopeCapturesBodies) {
    Sink[] appended = appendedSinks;
    if (scopeSinks.length > 0) {
      appended = Arrays.copyOf(appendedSinks, appendedSinks.length + scopeSinks.length);
      System.arraycopy(scopeSinks, 0, appended, appendedSinks.length, scopeSinks.length);
    }
    return new ScopeState(overrideNames, overrideSinks, appended,
        attributes.withAll(scopeAttributes), Math.min(threshold, scopeThreshold),
        captureBodies || scopeCapturesBodies);
  }
}
