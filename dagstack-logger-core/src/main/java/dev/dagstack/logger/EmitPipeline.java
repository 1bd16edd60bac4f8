package dev.dagstack.logger;

import dev.dagstack.logger.context.ScopeContext;
import dev.dagstack.logger.context.ScopeState;
import dev.dagstack.logger.context.Taps;
import dev.dagstack.logger.context.TraceContext;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.diagnostic.EmitGuard;
import dev.dagstack.logger.processor.CompositeProcessor;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Clock;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Resource;
import dev.dagstack.logger.record.Values;
import dev.dagstack.logger.sink.DropLedger;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.sink.Sinks;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The emit pipeline of one {@link Logger} handle: takes a record the logger has decided to emit
 * (its severity passed the level check) to the sinks. One immutable instance per handle, created
 * with it; it holds what the handle adds to every record (its name and instrumentation scope, its
 * bound attributes, its own sinks, its trace-context mode), and the configuration comes in with
 * each emit as the {@link LoggerState} the logger read.
 *
 * <p>An emit, in this order:
 * <ol>
 *   <li>enters the thread's {@link EmitGuard} (a re-entrant emit is dropped and counted) and goes
 *       in flight on the state's configuration ({@link LoggerState#flight}); when the logger's
 *       state changed meanwhile it does nothing and {@link #emit} returns {@code false}, so the
 *       logger emits again on the new state;
 *   <li>selects the sinks: the handle's own when it replaced them, else the configured ones (or
 *       a scope's override) plus the handle's appended and the scope's appended sinks; the taps
 *       of the provider; nothing to reach, nothing is built;
 *   <li>reads the trace context (explicit, none, or the ambient provider's);
 *   <li>merges the attributes, each layer over the one before: allow-listed baggage, scope,
 *       bound, exception, call site;
 *   <li>runs the processors (without the samplers on replaced or scope-overridden sinks), which
 *       see the attributes as the application gave them;
 *   <li>key-suffix redaction and body privacy, always last, on whatever the processors left
 *       (a resource a processor replaced is redacted too);
 *   <li>hands the record to each sink that {@linkplain Sink#supportsSeverity supports its
 *       severity}: base, appended, scope-appended, then the taps.
 * </ol>
 *
 * <p>Guarantees: it never throws (a failure is reported on the diagnostic channel; a stack
 * overflow gives the record up silently). It never blocks on I/O: it writes nothing itself, a
 * sink takes the record into its own buffer (only a sink configured with the {@code block}
 * overflow policy makes the caller wait, for room). And the record is always written: an
 * attribute map, a trace context or a sink that misbehaves costs its own part (a placeholder
 * attribute, the trace fields, that sink's copy), never the whole record; only a processor
 * that drops it (a sampler), the re-entrant case above and a stack overflow leave it out.
 *
 * <p>Performance: this is every emit's path. Besides the one volatile re-read of the holder's
 * state that the in-flight handshake needs (as before the split), it reads final fields only,
 * its own and the state's; it allocates nothing of its own but the record and the merged
 * attributes; its calls are static or on this final class, so the JIT can inline it into the
 * logger's level methods as when this code was part of {@link Logger}.
 */
final class EmitPipeline {

  private static final int SINKS_INHERITED = 0;
  private static final int SINKS_REPLACED = 1;
  private static final int SINKS_APPENDED = 2;

  private static final int CONTEXT_AMBIENT = 0;
  private static final int CONTEXT_NONE = 1;
  private static final int CONTEXT_EXPLICIT = 2;

  static final Sink[] NO_SINKS = new Sink[0];

  /** The logger's name (diagnostics). */
  private final String name;
  private final InstrumentationScope scope;
  private final Attrs bound;
  private final int sinkMode;
  private final Sink[] viewSinks;
  private final int contextMode;
  private final TraceContext explicitContext;

  private EmitPipeline(String name, InstrumentationScope scope, Attrs bound, int sinkMode,
      Sink[] viewSinks, int contextMode, TraceContext explicitContext) {
    this.name = name;
    this.scope = scope;
    this.bound = bound;
    this.sinkMode = sinkMode;
    this.viewSinks = viewSinks;
    this.contextMode = contextMode;
    this.explicitContext = explicitContext;
  }

  /**
   * The record's time, for {@link #emit}: read from the clock when the record is made (as for
   * any time of 0 or less).
   */
  static final long NOW = 0;

  /** The pipeline of a cached logger: nothing bound, the configured sinks, the ambient context. */
  static EmitPipeline of(String name, InstrumentationScope scope) {
    return new EmitPipeline(name, scope, Attrs.empty(), SINKS_INHERITED, NO_SINKS,
        CONTEXT_AMBIENT, TraceContext.EMPTY);
  }

  /** The instrumentation scope stamped on the records. */
  InstrumentationScope scope() {
    return scope;
  }

  /** This pipeline with {@code added} bound over the attributes bound so far. */
  EmitPipeline bind(Attrs added) {
    return new EmitPipeline(name, scope, bound.withAll(added), sinkMode, viewSinks, contextMode,
        explicitContext);
  }

  /** This pipeline writing only to {@code sinks} (detached from the configured ones). */
  EmitPipeline replaceSinks(Sink[] sinks) {
    return new EmitPipeline(name, scope, bound, SINKS_REPLACED, sinks, contextMode,
        explicitContext);
  }

  /** This pipeline writing to {@code sinks} besides the ones it writes to already. */
  EmitPipeline appendSinks(Sink[] added) {
    Sink[] all = Arrays.copyOf(viewSinks, viewSinks.length + added.length);
    System.arraycopy(added, 0, all, viewSinks.length, added.length);
    int mode = sinkMode == SINKS_REPLACED ? SINKS_REPLACED : SINKS_APPENDED;
    return new EmitPipeline(name, scope, bound, mode, all, contextMode, explicitContext);
  }

  /** This pipeline without any trace context. */
  EmitPipeline withoutContext() {
    return new EmitPipeline(name, scope, bound, sinkMode, viewSinks, CONTEXT_NONE,
        TraceContext.EMPTY);
  }

  /** This pipeline reading trace context and baggage from {@code context} only. */
  EmitPipeline withContext(TraceContext context) {
    return new EmitPipeline(name, scope, bound, sinkMode, viewSinks, CONTEXT_EXPLICIT, context);
  }

  /**
   * Emits on {@code s}, the state the logger read from {@code holder} (the cached logger whose
   * state this handle's emit reads: its origin, or the bound provider's of the same name). Never
   * throws.
   *
   * @param time the record's time in nanoseconds since the Unix epoch; {@link #NOW} (or less):
   *     read from the clock when the record is made
   * @return {@code false} when a reconfiguration or a route switch replaced the holder's state
   *     after the logger read it: nothing was done, and the logger emits again on the state in
   *     effect now; {@code true} otherwise (emitted, dropped, or given up)
   */
  boolean emit(Logger holder, LoggerState s, long time, int severity, Object body,
      Map<String, ?> attributes, Attrs exceptionAttributes, ScopeState scopeState) {
    try {
      EmitGuard guard = EmitGuard.current();
      if (!guard.enter()) {
        // Already inside the pipeline on this thread: recursing (or feeding a worker its own
        // output) is never right. Dropped, counted, reported.
        DropLedger.pipeline().addAndReport(DropReason.REENTRANT, 1);
        return true;
      }
      try {
        // In flight on the configuration before the state is read again (see LoggerState.flight).
        guard.enterFlight(s.flight);
        try {
          if (holder.state() == s) {
            emitInFlight(s, time, severity, body, attributes, exceptionAttributes, scopeState);
            return true;
          }
        } finally {
          guard.exitFlight();
        }
      } finally {
        guard.exit();
      }
      return false;
    } catch (StackOverflowError e) {
      // The caller is at the very end of its stack and even the report of the failure (made
      // deeper down) overflowed: an emit never throws, so the record is given up silently.
      return true;
    }
  }

  /** The emit proper, in flight on {@code s}'s configuration (see {@link LoggerState#flight}). */
  private void emitInFlight(LoggerState s, long time, int severity, Object body,
      Map<String, ?> attributes, Attrs exceptionAttributes, ScopeState scopeState) {
    try {
      Sink[] base;
      CompositeProcessor processors = s.processors;
      Sink[] appended;
      Sink[] scoped;
      if (sinkMode == SINKS_REPLACED) {
        base = viewSinks;
        appended = NO_SINKS;
        scoped = NO_SINKS;
        // withSinks/withoutSinks reset sampling (spec §8, v1.1); appendSinks keeps it.
        processors = processors.withoutSamplers();
      } else {
        Sink[] override = scopeState.overrideFor(s.sinkChain);
        base = override != null ? override : s.sinks;
        appended = viewSinks;
        scoped = scopeState.appendedSinks();
        if (override != null) {
          processors = processors.withoutSamplers();
        }
      }
      Sink[] taps = Taps.current(s.owner);
      if (base.length + appended.length + scoped.length + taps.length == 0) {
        return;
      }
      long now = time > 0 ? time : Clock.nowUnixNano();
      TraceContext trace = traceContext(s);
      Attrs merged = mergeAttributes(exceptionAttributes, callSiteAttributes(attributes), bound,
          scopeState.attributes(), trace.baggage(), s.baggageKeys);
      LogRecord record;
      if (processors.isEmpty()) {
        record = newRecord(now, severity, Values.canonical(body),
            protect(s, merged, scopeState), s.resource, trace);
      } else {
        // The chain sees the attributes as the application gave them; key-suffix redaction and
        // body privacy come after it, last (spec §8: "redaction ... always last"), so whatever
        // a processor adds, changes or creates is masked before any sink sees it.
        record = processed(s, processors, newRecord(now, severity, Values.canonical(body),
            merged, s.resource, trace), scopeState);
        if (record == null) {
          return;
        }
      }
      deliver(record, base);
      deliver(record, appended);
      deliver(record, scoped);
      if (taps.length != 0) {
        deliver(record, taps);
      }
    } catch (RuntimeException | StackOverflowError | LinkageError | OutOfMemoryError e) {
      Diagnostics.errorLimited("emit:" + name, "an emit through logger '" + name + "' failed", e,
          Attrs.of("logger.name", name));
    }
  }

  /**
   * Writes {@code record}, made before {@code s}'s configuration existed (held while it was
   * prepared), as an emit on {@code s} would: every processor, then key-suffix redaction and
   * body privacy, then {@code s}'s sinks. Its time, trace fields, scope and attributes are the
   * record's own. Never throws.
   */
  static void replay(LoggerState s, LogRecord record) {
    EmitGuard guard = EmitGuard.current();
    if (!guard.enter()) {
      DropLedger.pipeline().addAndReport(DropReason.REENTRANT, 1);
      return;
    }
    try {
      LogRecord processed = processed(s, s.processors, record, ScopeContext.current());
      if (processed != null) {
        deliver(processed, s.sinks);
      }
    } catch (RuntimeException | StackOverflowError | LinkageError | OutOfMemoryError e) {
      Diagnostics.errorLimited("replay", "a held record could not be written", e,
          Attrs.of("logger.name", record.instrumentationScope().name()));
    } finally {
      guard.exit();
    }
  }

  /**
   * What {@code processors} leave of {@code record}, then masked: key-suffix redaction and body
   * privacy ({@link #protect}), and a resource other than the configured one (a processor's, a
   * held record's) redacted as the configured one was. {@code null} when a processor dropped it.
   */
  private static LogRecord processed(LoggerState s, CompositeProcessor processors,
      LogRecord record, ScopeState scopeState) {
    LogRecord out = processors.isEmpty() ? record : processors.onEmit(record);
    if (out == null) {
      return null;
    }
    Attrs safe = protect(s, out.attributes(), scopeState);
    Resource resource = out.resource();
    if (resource != s.resource) {
      resource = s.redactor.redact(resource);
    }
    // The same record when nothing changed (no copy); both change at once only when a
    // processor's own resource held a secret.
    return out.withAttributes(safe).withResource(resource);
  }

  /**
   * The final, non-bypassable steps before the sinks: key-suffix redaction (spec §10), then the
   * AI-agent body privacy (spec §5.5). The same instance when nothing changes.
   */
  private static Attrs protect(LoggerState s, Attrs attributes, ScopeState scopeState) {
    return s.bodyPrivacy.apply(s.redactor.redact(attributes), scopeState.capturesBodies());
  }

  /**
   * The call-site map converted; a map whose own iteration throws still gives a record, with
   * {@code dagstack.attributes_unrepresentable} naming its type in place of its entries.
   */
  private Attrs callSiteAttributes(Map<String, ?> attributes) {
    try {
      return Attrs.from(attributes);
    } catch (RuntimeException | StackOverflowError e) {
      String type = attributes.getClass().getName();
      Diagnostics.warnLimited("attributes:" + name, "the attribute map of type " + type
          + " could not be read; the record is written without its attributes",
          Attrs.of("logger.name", name));
      return Attrs.of("dagstack.attributes_unrepresentable", type);
    }
  }

  private TraceContext traceContext(LoggerState s) {
    if (contextMode == CONTEXT_EXPLICIT) {
      return explicitContext;
    }
    if (contextMode == CONTEXT_NONE || !s.autoInjectTraceContext) {
      return TraceContext.EMPTY;
    }
    TraceContext current;
    try {
      current = s.traceContextProvider.current();
    } catch (RuntimeException e) {
      Diagnostics.errorLimited("trace-context", "the trace context provider threw", e,
          Attrs.empty());
      return TraceContext.EMPTY;
    }
    return current == null ? TraceContext.EMPTY : current;
  }

  /**
   * The record; when the trace context holds ids or flags the wire cannot carry (a custom
   * provider's mistake, caught by the record's own validation), the record goes out without them.
   */
  private LogRecord newRecord(long now, int severity, Object body, Attrs attributes,
      Resource resource, TraceContext trace) {
    try {
      return new LogRecord(now, null, severity, body, attributes, resource, scope,
          trace.traceId(), trace.spanId(), trace.traceFlags());
    } catch (IllegalArgumentException e) {
      Diagnostics.warnLimited("trace-context-ids", "the trace context provider returned invalid"
          + " ids or flags; the trace fields are left out",
          Attrs.of("trace_id", String.valueOf(trace.traceId()),
              "span_id", String.valueOf(trace.spanId()), "trace_flags", trace.traceFlags()));
      return new LogRecord(now, null, severity, body, attributes, resource, scope, null, null, 0);
    }
  }

  /**
   * The record's attributes: call-site over exception attributes over bound over scope over
   * allow-listed baggage. Returns one of the inputs unchanged when only it has entries.
   */
  private static Attrs mergeAttributes(Attrs exceptionAttributes, Attrs callSite, Attrs bound,
      Attrs scoped, Map<String, String> baggage, String[] baggageKeys) {
    boolean withBaggage = false;
    if (!baggage.isEmpty()) {
      for (String key : baggageKeys) {
        if (baggage.containsKey(key)) {
          withBaggage = true;
          break;
        }
      }
    }
    Attrs only = Attrs.empty();
    int layers = 0;
    if (exceptionAttributes != null && !exceptionAttributes.isEmpty()) {
      only = exceptionAttributes;
      layers++;
    }
    if (!callSite.isEmpty()) {
      only = callSite;
      layers++;
    }
    if (!bound.isEmpty()) {
      only = bound;
      layers++;
    }
    if (!scoped.isEmpty()) {
      only = scoped;
      layers++;
    }
    if (!withBaggage && layers <= 1) {
      return only;
    }
    Attrs.Builder builder = Attrs.builder(callSite.size() + bound.size() + scoped.size()
        + (exceptionAttributes == null ? 0 : exceptionAttributes.size()) + baggageKeys.length);
    if (withBaggage) {
      for (String key : baggageKeys) {
        String value = baggage.get(key);
        if (value != null) {
          builder.put(key, value);
        }
      }
    }
    builder.putAll(scoped);
    builder.putAll(bound);
    if (exceptionAttributes != null) {
      builder.putAll(exceptionAttributes);
    }
    builder.putAll(callSite);
    return builder.build();
  }

  private static void deliver(LogRecord record, Sink[] sinks) {
    int severity = record.severityNumber();
    for (Sink sink : sinks) {
      try {
        if (sink.supportsSeverity(severity)) {
          sink.emit(record);
        }
      } catch (RuntimeException | StackOverflowError | LinkageError e) {
        Diagnostics.sinkError(Sinks.idOf(sink),
            "sink threw while accepting a record; record dropped", e);
      }
    }
  }

  /**
   * The sinks an emit through this pipeline here and now would reach, once each (taps aside);
   * {@code state} is asked only when the configured sinks count (not for replaced ones).
   */
  Set<Sink> effectiveSinks(Supplier<LoggerState> state) {
    Set<Sink> sinks = Collections.newSetFromMap(new IdentityHashMap<>());
    if (sinkMode != SINKS_REPLACED) {
      LoggerState s = state.get();
      ScopeState scopeState = ScopeContext.current();
      Sink[] override = scopeState.overrideFor(s.sinkChain);
      sinks.addAll(Arrays.asList(override != null ? override : s.sinks));
      sinks.addAll(Arrays.asList(scopeState.appendedSinks()));
    }
    sinks.addAll(Arrays.asList(viewSinks));
    return sinks;
  }
}
