package dev.dagstack.logger;

import dev.dagstack.logger.context.OpenTelemetryTraceContext;
import dev.dagstack.logger.context.ScopeContext;
import dev.dagstack.logger.context.ScopeState;
import dev.dagstack.logger.context.Taps;
import dev.dagstack.logger.context.TraceContext;
import dev.dagstack.logger.convention.ConventionLogger;
import dev.dagstack.logger.convention.ConventionsConfig;
import dev.dagstack.logger.convention.Operation;
import dev.dagstack.logger.convention.TypedEvents;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.diagnostic.EmitGuard;
import dev.dagstack.logger.processor.CompositeProcessor;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Clock;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Resource;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.record.Values;
import dev.dagstack.logger.sink.DropLedger;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.Sink;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A named logger (spec §3): the entry point of the dagstack logger.
 *
 * <pre>{@code
 * Logger.configure(LoggerConfiguration.builder()
 *     .rootLevel(Severity.INFO)
 *     .sinks(ConsoleSink.auto())
 *     .resourceAttribute("service.name", "order-service")
 *     .build());
 *
 * Logger logger = Logger.get("order_service.api", "1.0.0");
 * logger.info("request received", Attrs.of("request.id", "req-abc", "user.id", 42));
 * }</pre>
 *
 * <p>Loggers are cached per name; dots make the hierarchy ({@code a.b.c} → {@code a.b} →
 * {@code a} → the root {@code ""}). Level, sinks, resource and redaction are inherited from the
 * nearest ancestor that sets them. An emit never throws and never blocks on I/O; problems go to
 * the {@code dagstack.logger.internal} diagnostic channel.
 *
 * <p>Trace context: a plain emit reads the current OpenTelemetry context (or the configured
 * {@code TraceContextProvider}) unless {@code autoInjectTraceContext} is off;
 * {@link #withContext(Context)} reads only the given context, and {@link #withoutContext()}
 * reads none.
 */
public final class Logger implements ConventionLogger {

  private static final int SINKS_INHERITED = 0;
  private static final int SINKS_REPLACED = 1;
  private static final int SINKS_APPENDED = 2;

  private static final int CONTEXT_AMBIENT = 0;
  private static final int CONTEXT_NONE = 1;
  private static final int CONTEXT_EXPLICIT = 2;

  private static final Sink[] NO_SINKS = new Sink[0];

  /** The global provider's environment lookup for the resource; replaced by tests. */
  static volatile UnaryOperator<String> environment = System::getenv;

  /** The provider this logger belongs to (its registry and configuration). */
  private final LoggerProvider provider;
  /** {@code provider.global}, kept here: the level check reads it without a hop. */
  private final boolean global;
  private final String name;
  private final InstrumentationScope scope;
  /** The cached logger whose state this handle reads ({@code this} for a cached one). */
  private final Logger origin;
  /** Set on cached loggers only; replaced whole by {@link #configure}. */
  private volatile LoggerState state;
  private final Attrs bound;
  private final int sinkMode;
  private final Sink[] viewSinks;
  private final int contextMode;
  private final TraceContext explicitContext;

  private Logger(LoggerProvider provider, String name, String version) {
    this.provider = provider;
    this.global = provider.global;
    this.name = name;
    this.scope = InstrumentationScope.of(
        name.isEmpty() ? InstrumentationScope.ROOT_NAME : name, version);
    this.origin = this;
    this.bound = Attrs.empty();
    this.sinkMode = SINKS_INHERITED;
    this.viewSinks = NO_SINKS;
    this.contextMode = CONTEXT_AMBIENT;
    this.explicitContext = TraceContext.EMPTY;
  }

  private Logger(Logger parent, Attrs bound, int sinkMode, Sink[] viewSinks, int contextMode,
      TraceContext explicitContext) {
    this.provider = parent.provider;
    this.global = parent.global;
    this.name = parent.name;
    this.scope = parent.scope;
    this.origin = parent.origin;
    this.bound = bound;
    this.sinkMode = sinkMode;
    this.viewSinks = viewSinks;
    this.contextMode = contextMode;
    this.explicitContext = explicitContext;
  }

  /** The cached logger for {@code name} ({@code ""} is the root), of the global provider. */
  public static Logger get(String name) {
    return LoggerProvider.global().get(name, null);
  }

  /**
   * The cached logger for {@code name} of the {@linkplain LoggerProvider#global() global
   * provider}, reporting {@code version} in its instrumentation scope. Loggers are cached per
   * name, so the version given first for a name is kept; asking again with a different version
   * is reported on the diagnostic channel.
   *
   * @throws IllegalArgumentException when {@code name} is null (the root is {@code ""})
   */
  public static Logger get(String name, String version) {
    return LoggerProvider.global().get(name, version);
  }

  /** A cached logger of {@code provider}, created under its configure lock. */
  static Logger create(LoggerProvider provider, String name, String version, LoggerState state) {
    Logger created = new Logger(provider, name, version);
    created.state = state;
    return created;
  }

  /** Installs the state of a new configuration (cached loggers only; under the swap lock). */
  void setState(LoggerState state) {
    this.state = state;
  }

  /** The root logger. */
  public static Logger root() {
    return LoggerProvider.global().root();
  }

  /**
   * Applies a configuration; the same operation as {@link #reconfigure(LoggerConfiguration)}.
   *
   * @throws IllegalArgumentException when the configuration is invalid (nothing is changed)
   */
  public static void configure(LoggerConfiguration configuration) {
    reconfigure(configuration);
  }

  /**
   * Replaces the configuration while the application runs (spec §9.3), validating it first.
   * Each record is handled entirely by the old or entirely by the new configuration, none is
   * lost or delivered twice; sinks and processors that are not in the new configuration are
   * flushed and closed once the records that reached the old one have been handed to them; sinks
   * in both (the same instance) keep their buffers and files. Counted in
   * {@link #reconfigureCount(ReconfigureResult)}.
   *
   * @throws IllegalArgumentException when the configuration is invalid: the old one stays, and
   *     the rejection is reported on the diagnostic channel and counted
   */
  public static void reconfigure(LoggerConfiguration configuration) {
    reconfigure(() -> configuration);
  }

  /**
   * As {@link #reconfigure(LoggerConfiguration)}, with the configuration built by
   * {@code build}: an exception from it is a rejection too (reported, counted, rethrown), so a
   * caller that builds a configuration from outside input (the Spring starter on an Environment
   * change) gets the same accounting.
   */
  public static void reconfigure(Supplier<? extends LoggerConfiguration> build) {
    LoggerProvider.global().reconfigure(build);
  }

  /**
   * How many reconfigurations (including {@link #configure}) ended with {@code result} since the
   * process started ({@code reconfigure_total{result}}, spec §13).
   */
  public static long reconfigureCount(ReconfigureResult result) {
    return LoggerProvider.global().reconfigureCount(result);
  }

  /**
   * The configuration the global loggers follow here and now: that of the provider bound to this
   * thread ({@link LoggerProvider#makeCurrent()}), else of the open route
   * ({@link LoggerProvider#routeGlobalLoggers()}, e.g. the Spring application's), else the
   * global provider's own.
   */
  public static LoggerConfiguration configuration() {
    return root().holder().provider.effective().configuration;
  }

  /**
   * Back to the defaults (a console sink in auto mode at INFO), closing the configured sinks and
   * forgetting per-thread scopes of the calling thread. For tests.
   */
  public static void reset() {
    ScopeContext.clear();
    Diagnostics.resetRateLimits();
    LoggerProvider.global().reset();
  }

  /**
   * The conventions (operation kinds, typed-event schemas, the AI-agent pack; spec §5) of the
   * configuration in effect; what {@link Operation} and typed events read.
   */
  @Override
  public ConventionsConfig conventions() {
    return holder().provider.effective().configuration.conventions();
  }

  /** The provider this logger belongs to: its registry and configuration. */
  public LoggerProvider provider() {
    return provider;
  }

  /** The logger's name; {@code ""} for the root. */
  public String name() {
    return name;
  }

  /** The version of the instrumentation scope, or {@code null}. */
  public String version() {
    return scope.version();
  }

  /** The instrumentation scope stamped on this logger's records. */
  public InstrumentationScope instrumentationScope() {
    return scope;
  }

  /** The redaction suffixes in effect for this logger (empty when nothing is masked). */
  public List<String> effectiveRedactionSuffixes() {
    return holder().state.redactor.suffixes();
  }

  /**
   * The severity threshold configured for this logger (its own level or its nearest ancestor's),
   * 1..24; a scope that lowers the threshold for one execution context is not included.
   */
  public int level() {
    return holder().state.threshold;
  }

  /** The names of the cached loggers ({@code ""} is the root), sorted; a snapshot. */
  public static java.util.SortedSet<String> cachedNames() {
    return LoggerProvider.global().cachedNames();
  }

  /** Whether a record of {@code severityNumber} would be emitted here and now. */
  public boolean isEnabled(int severityNumber) {
    if (severityNumber >= holder().state.threshold) {
      return true;
    }
    return ScopeContext.anyThresholdLowered()
        && severityNumber >= ScopeContext.current().threshold();
  }

  /**
   * Emits {@code body} at TRACE (1) when enabled. The body is usually a {@code String}; any
   * other value is converted like an attribute value (a structured body). Never throws.
   */
  public void trace(Object body) {
    log(Severity.TRACE, body, null);
  }

  /**
   * Emits {@code body} at TRACE (1) with {@code attributes} (e.g. {@code Attrs.of(...)} or any
   * map; values are converted, secret keys redacted). Never throws.
   */
  public void trace(Object body, Map<String, ?> attributes) {
    log(Severity.TRACE, body, attributes);
  }

  /**
   * Emits {@code body} at DEBUG (5) when enabled. The body is usually a {@code String}; any
   * other value is converted like an attribute value (a structured body). Never throws.
   */
  public void debug(Object body) {
    log(Severity.DEBUG, body, null);
  }

  /**
   * Emits {@code body} at DEBUG (5) with {@code attributes} (e.g. {@code Attrs.of(...)} or any
   * map; values are converted, secret keys redacted). Never throws.
   */
  public void debug(Object body, Map<String, ?> attributes) {
    log(Severity.DEBUG, body, attributes);
  }

  /**
   * Emits {@code body} at INFO (9) when enabled. The body is usually a {@code String}; any
   * other value is converted like an attribute value (a structured body). Never throws.
   */
  public void info(Object body) {
    log(Severity.INFO, body, null);
  }

  /**
   * Emits {@code body} at INFO (9) with {@code attributes} (e.g. {@code Attrs.of(...)} or any
   * map; values are converted, secret keys redacted). Never throws.
   */
  public void info(Object body, Map<String, ?> attributes) {
    log(Severity.INFO, body, attributes);
  }

  /**
   * Emits {@code body} at WARN (13) when enabled. The body is usually a {@code String}; any
   * other value is converted like an attribute value (a structured body). Never throws.
   */
  public void warn(Object body) {
    log(Severity.WARN, body, null);
  }

  /**
   * Emits {@code body} at WARN (13) with {@code attributes} (e.g. {@code Attrs.of(...)} or any
   * map; values are converted, secret keys redacted). Never throws.
   */
  public void warn(Object body, Map<String, ?> attributes) {
    log(Severity.WARN, body, attributes);
  }

  /**
   * Emits {@code body} at ERROR (17) when enabled. The body is usually a {@code String}; any
   * other value is converted like an attribute value (a structured body). Never throws.
   */
  public void error(Object body) {
    log(Severity.ERROR, body, null);
  }

  /**
   * Emits {@code body} at ERROR (17) with {@code attributes} (e.g. {@code Attrs.of(...)} or any
   * map; values are converted, secret keys redacted). Never throws.
   */
  public void error(Object body, Map<String, ?> attributes) {
    log(Severity.ERROR, body, attributes);
  }

  /**
   * Emits {@code body} at FATAL (21) when enabled. The body is usually a {@code String}; any
   * other value is converted like an attribute value (a structured body). Never throws.
   */
  public void fatal(Object body) {
    log(Severity.FATAL, body, null);
  }

  /**
   * Emits {@code body} at FATAL (21) with {@code attributes} (e.g. {@code Attrs.of(...)} or any
   * map; values are converted, secret keys redacted). Never throws.
   */
  public void fatal(Object body, Map<String, ?> attributes) {
    log(Severity.FATAL, body, attributes);
  }

  /**
   * Emits at any severity 1..24; its text is the bucket's ({@code log(11, …)} is INFO). An invalid
   * number is reported on the diagnostic channel and clamped, never thrown.
   */
  public void log(int severityNumber, Object body) {
    log(severityNumber, body, null);
  }

  /** Emits at any severity 1..24 with attributes. */
  public void log(int severityNumber, Object body, Map<String, ?> attributes) {
    Logger holder = holder();
    LoggerState s = holder.state;
    if (severityNumber < s.threshold) {
      if (!ScopeContext.anyThresholdLowered() && severityNumber >= Severity.MIN) {
        return;
      }
    } else if (severityNumber <= Severity.MAX) {
      emit(holder, s, severityNumber, body, attributes, null, ScopeContext.current());
      return;
    }
    logSlowly(holder, s, severityNumber, body, attributes, null);
  }

  /**
   * The cached logger whose state an emit here reads: this logger's own, unless this is a global
   * logger on a thread bound to a provider ({@link LoggerProvider#makeCurrent()}), which then
   * lends its logger of the same name (one map lookup). A route needs nothing here: it sets the
   * global loggers' states.
   */
  private Logger holder() {
    Logger o = origin;
    if (global && CurrentProvider.any()) {
      LoggerProvider bound = CurrentProvider.get();
      // Always the bound provider's own logger, even when a route points there too: a route
      // may switch between this choice and the state read, the bound provider's logger cannot.
      if (bound != null) {
        return bound.get(name);
      }
    }
    return o;
  }

  /** A fluent event at TRACE; see {@link #at(int)}. */
  public LogEvent atTrace() {
    return at(Severity.TRACE);
  }

  /** A fluent event at DEBUG; see {@link #at(int)}. */
  public LogEvent atDebug() {
    return at(Severity.DEBUG);
  }

  /** A fluent event at INFO; see {@link #at(int)}. */
  public LogEvent atInfo() {
    return at(Severity.INFO);
  }

  /** A fluent event at WARN; see {@link #at(int)}. */
  public LogEvent atWarn() {
    return at(Severity.WARN);
  }

  /** A fluent event at ERROR; see {@link #at(int)}. */
  public LogEvent atError() {
    return at(Severity.ERROR);
  }

  /** A fluent event at FATAL; see {@link #at(int)}. */
  public LogEvent atFatal() {
    return at(Severity.FATAL);
  }

  /**
   * A fluent event at {@code severityNumber}, for hot paths: attributes are added one by one and
   * {@link LogEvent#log(Object)} emits the record. A disabled severity gets a shared event that
   * ignores everything, so nothing is built or allocated. An invalid number is reported and
   * clamped when the record is emitted, as in {@link #log(int, Object, Map)}.
   */
  public LogEvent at(int severityNumber) {
    if (severityNumber >= Severity.MIN && !isEnabled(severityNumber)) {
      return FluentLogEvent.DISABLED;
    }
    return FluentLogEvent.start(this, severityNumber);
  }

  /**
   * Emits {@code throwable} at ERROR with {@code exception.type} (fully qualified class name),
   * {@code exception.message} and {@code exception.stacktrace} (the {@code printStackTrace}
   * text, causes included). The body is the exception's message, or its type without one.
   *
   * <p>The record is always written, in bounded time and size, whatever the throwable's methods
   * do: a message or trace that cannot be read gets a placeholder, and cycles, self-causes and
   * endless cause chains are cut with a marker line.
   */
  public void exception(Throwable throwable) {
    exception(throwable, null);
  }

  /**
   * As {@link #exception(Throwable)}, with more attributes; as everywhere, call-site attributes
   * win, so an {@code exception.message} given here replaces the throwable's.
   */
  public void exception(Throwable throwable, Map<String, ?> attributes) {
    Logger holder = holder();
    LoggerState s = holder.state;
    if (Severity.ERROR < s.threshold && !ScopeContext.anyThresholdLowered()) {
      return;
    }
    Attrs exceptionAttributes;
    Object body;
    if (throwable == null) {
      exceptionAttributes = Attrs.empty();
      body = "exception(null)";
    } else {
      exceptionAttributes = Diagnostics.exceptionAttributes(throwable);
      ScopeContext.throwableLogged(throwable);
      Object message = exceptionAttributes.get("exception.message");
      body = message != null ? message : throwable.getClass().getName();
    }
    logSlowly(holder, s, Severity.ERROR, body, attributes, exceptionAttributes);
  }

  /** Invalid severities and thresholds lowered by a scope: off the common path. */
  private void logSlowly(Logger holder, LoggerState s, int severityNumber, Object body,
      Map<String, ?> attributes, Attrs exceptionAttributes) {
    int severity = severityNumber;
    if (!Severity.isValid(severity)) {
      severity = severity < Severity.MIN ? Severity.MIN : Severity.MAX;
      Diagnostics.warnLimited("severity:" + name, "severity_number " + severityNumber
          + " is outside 1..24; clamped to " + severity, Attrs.of("logger.name", name));
    }
    ScopeState scopeState = ScopeContext.current();
    if (severity < s.threshold && severity < scopeState.threshold()) {
      return;
    }
    emit(holder, s, severity, body, attributes, exceptionAttributes, scopeState);
  }

  /** Emits on {@code s}, the state read from {@code holder} (see {@link #holder()}). */
  private void emit(Logger holder, LoggerState s, int severity, Object body,
      Map<String, ?> attributes, Attrs exceptionAttributes, ScopeState scopeState) {
    try {
      EmitGuard guard = EmitGuard.current();
      if (!guard.enter()) {
        // Already inside the pipeline on this thread: recursing (or feeding a worker its own
        // output) is never right. Dropped, counted, reported.
        DropLedger.pipeline().addAndReport(DropReason.REENTRANT, 1);
        return;
      }
      try {
        // In flight on the configuration before the state is read again (see LoggerState.flight).
        guard.enterFlight(s.flight);
        try {
          if (holder.state == s) {
            emitInFlight(s, severity, body, attributes, exceptionAttributes, scopeState);
            return;
          }
        } finally {
          guard.exitFlight();
        }
      } finally {
        guard.exit();
      }
      // A reconfiguration or a route switch replaced the state after this emit read it: the
      // logger this thread should use now takes it whole.
      Logger now = holder();
      logSlowly(now, now.state, severity, body, attributes, exceptionAttributes);
    } catch (StackOverflowError e) {
      // The caller is at the very end of its stack and even the report of the failure (made
      // deeper down) overflowed: an emit never throws, so the record is given up silently.
    }
  }

  /** The emit proper, in flight on {@code s}'s configuration (see {@link LoggerState#flight}). */
  private void emitInFlight(LoggerState s, int severity, Object body, Map<String, ?> attributes,
      Attrs exceptionAttributes, ScopeState scopeState) {
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
      long now = Clock.nowUnixNano();
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
        record = processors.onEmit(newRecord(now, severity, Values.canonical(body), merged,
            s.resource, trace));
        if (record == null) {
          return;
        }
        Attrs processed = record.attributes();
        Attrs safe = protect(s, processed, scopeState);
        Resource resource = record.resource();
        if (resource != s.resource) {
          // A processor replaced the resource: it is masked like the configured one was.
          Attrs masked = s.redactor.redact(resource.attributes());
          resource = masked == resource.attributes() ? resource : Resource.of(masked);
        }
        if (safe != processed || resource != record.resource()) {
          record = new LogRecord(record.timeUnixNano(), record.observedTimeUnixNano(),
              record.severityNumber(), record.body(), safe, resource,
              record.instrumentationScope(), record.traceId(), record.spanId(),
              record.traceFlags());
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
        Diagnostics.sinkError(idOf(sink), "sink threw while accepting a record; record dropped",
            e);
      }
    }
  }

  private static String idOf(Sink sink) {
    try {
      return sink.id();
    } catch (RuntimeException e) {
      return sink.getClass().getName();
    }
  }

  static void closeQuietly(Sink sink) {
    try {
      sink.close();
    } catch (RuntimeException | LinkageError e) {
      Diagnostics.sinkError(idOf(sink), "sink threw while closing", e);
    }
  }

  /**
   * A child that adds {@code attributes} to each record; call-site attributes win over these,
   * and these win over baggage. Not cached.
   */
  public Logger with(Map<String, ?> attributes) {
    Attrs added = Attrs.from(attributes);
    if (added.isEmpty()) {
      return this;
    }
    return new Logger(this, bound.withAll(added), sinkMode, viewSinks, contextMode,
        explicitContext);
  }

  /** A detached, uncached child whose records go only to {@code sinks}. */
  public Logger withSinks(List<? extends Sink> sinks) {
    return new Logger(this, bound, SINKS_REPLACED, ApiArguments.sinks(sinks, "withSinks"),
        contextMode, explicitContext);
  }

  /** A detached, uncached child whose records go to this logger's sinks and to {@code sinks}. */
  public Logger appendSinks(List<? extends Sink> sinks) {
    Sink[] added = ApiArguments.sinks(sinks, "appendSinks");
    Sink[] all = Arrays.copyOf(viewSinks, viewSinks.length + added.length);
    System.arraycopy(added, 0, all, viewSinks.length, added.length);
    int mode = sinkMode == SINKS_REPLACED ? SINKS_REPLACED : SINKS_APPENDED;
    return new Logger(this, bound, mode, all, contextMode, explicitContext);
  }

  /** A detached, uncached child that discards every record. */
  public Logger withoutSinks() {
    return new Logger(this, bound, SINKS_REPLACED, NO_SINKS, contextMode, explicitContext);
  }

  /** A handle whose emits carry no trace context at all (no ambient lookup). */
  public Logger withoutContext() {
    return new Logger(this, bound, sinkMode, viewSinks, CONTEXT_NONE, TraceContext.EMPTY);
  }

  /**
   * A handle whose emits read trace context and baggage from {@code context} only, whatever the
   * ambient context and the {@code autoInjectTraceContext} setting (explicit-context mode).
   */
  public Logger withContext(Context context) {
    return new Logger(this, bound, sinkMode, viewSinks, CONTEXT_EXPLICIT,
        OpenTelemetryTraceContext.from(context));
  }

  /**
   * For the current execution context (this thread, and tasks that carry its
   * {@code ScopeSnapshot}), sends the records of this logger, of {@code Logger.get(name())} and
   * of descendants that inherit its sinks to {@code sinks} instead, until the returned handle is
   * closed. Use with try-with-resources.
   *
   * <p>Scopes nest (the innermost wins for a logger name, the nearest scoped ancestor for a
   * descendant); closing restores exactly what was in effect before. Detached children made by
   * {@link #withSinks(List)} and {@link #withoutSinks()} keep their own sinks.
   */
  public SinkScope scopeSinks(List<? extends Sink> sinks) {
    ScopeContext.Frame frame =
        ScopeContext.openSinkOverride(name, ApiArguments.sinks(sinks, "scopeSinks"));
    return () -> ScopeContext.close(frame);
  }

  /** As {@link #scopeSinks(List)} for the duration of {@code block}, also when it throws. */
  public void scopeSinks(List<? extends Sink> sinks, Runnable block) {
    try (SinkScope ignored = scopeSinks(sinks)) {
      block.run();
    }
  }

  /** As {@link #scopeSinks(List, Runnable)}, returning what {@code block} returns. */
  public <T> T scopeSinks(List<? extends Sink> sinks, Supplier<T> block) {
    try (SinkScope ignored = scopeSinks(sinks)) {
      return block.get();
    }
  }

  /**
   * Starts the operation {@code name} of kind {@code kind} (spec §5.1; kinds in
   * {@code OperationKind}) and makes it current in this execution context until closed: every
   * record inside carries {@code operation.*}. Use with try-with-resources; see {@link Operation}.
   *
   * @throws IllegalArgumentException when {@code name} or {@code kind} is null or blank
   */
  public Operation operation(String name, String kind) {
    return Operation.start(this, name, kind);
  }

  /**
   * Runs {@code block} inside the operation {@code name}; an exception it throws marks the
   * operation failed ({@code operation.status=error}) and is rethrown.
   */
  public void operation(String name, String kind, Runnable block) {
    operation(name, kind, () -> {
      block.run();
      return null;
    });
  }

  /** As {@link #operation(String, String, Runnable)}, returning what {@code block} returns. */
  public <T> T operation(String name, String kind, Supplier<T> block) {
    try (Operation operation = operation(name, kind)) {
      try {
        return block.get();
      } catch (RuntimeException | Error e) {
        operation.fail(e);
        throw e;
      }
    }
  }

  /**
   * Emits the typed event {@code domain}/{@code name} (spec §5.2) at its schema's
   * {@code severity_hint}, with {@code event.domain}, {@code event.name},
   * {@code event.schema_version}; see {@link TypedEvents} for validation.
   *
   * @throws dev.dagstack.logger.convention.EventSchemaException only in strict validation mode
   */
  public void emitEvent(String domain, String name, Map<String, ?> attributes) {
    TypedEvents.emit(this, null, domain, name, attributes);
  }

  /** As {@link #emitEvent(String, String, Map)} at {@code severityNumber} instead of the hint. */
  public void emitEvent(int severityNumber, String domain, String name,
      Map<String, ?> attributes) {
    TypedEvents.emit(this, severityNumber, domain, name, attributes);
  }

  /** Flushes this logger's effective sinks, waiting at most {@code timeout}. */
  public FlushResult flush(Duration timeout) {
    return flushAll(effectiveSinks(), timeout);
  }

  /**
   * Flushes {@code sinks} one after the other within one {@code timeout} overall, then writes
   * what the diagnostic channel's rate limit held back (the final word on losses).
   */
  static FlushResult flushAll(Iterable<Sink> sinks, Duration timeout) {
    long deadline = System.nanoTime() + ApiArguments.nanos(timeout);
    List<FlushResult> results = new ArrayList<>();
    for (Sink sink : sinks) {
      Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      results.add(flushQuietly(sink, remaining));
    }
    Diagnostics.reportHeldBack();
    return FlushResult.combine(results);
  }

  /**
   * Flushes and closes the sinks this logger writes to. Sinks are shared: closing a logger that
   * inherits the root's sinks closes them for every logger, so call it on the root at shutdown
   * (the Spring starter does this when its context closes), not from a component's cleanup.
   */
  public void close() {
    for (Sink sink : effectiveSinks()) {
      closeQuietly(sink);
    }
    Diagnostics.reportHeldBack();
  }

  /** {@code sink.flush(timeout)}; a throwing sink is reported and counts as failed. */
  static FlushResult flushQuietly(Sink sink, Duration timeout) {
    try {
      return sink.flush(timeout);
    } catch (RuntimeException | LinkageError e) {
      Diagnostics.sinkError(idOf(sink), "sink threw while flushing", e);
      return FlushResult.failed(idOf(sink), "flush threw " + e);
    }
  }

  /** The sinks an emit here and now would reach, once each. */
  private Set<Sink> effectiveSinks() {
    Set<Sink> sinks = Collections.newSetFromMap(new IdentityHashMap<>());
    if (sinkMode != SINKS_REPLACED) {
      LoggerState s = holder().state;
      ScopeState scopeState = ScopeContext.current();
      Sink[] override = scopeState.overrideFor(s.sinkChain);
      sinks.addAll(Arrays.asList(override != null ? override : s.sinks));
      sinks.addAll(Arrays.asList(scopeState.appendedSinks()));
    }
    sinks.addAll(Arrays.asList(viewSinks));
    return sinks;
  }

  /** The handle of a {@link #scopeSinks(List)} scope; closing it restores the previous sinks. */
  public interface SinkScope extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  public String toString() {
    return "Logger[" + (name.isEmpty() ? InstrumentationScope.ROOT_NAME : name) + "]";
  }
}
