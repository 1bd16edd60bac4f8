package dev.dagstack.logger;

import dev.dagstack.logger.context.OpenTelemetryTraceContext;
import dev.dagstack.logger.context.ScopeContext;
import dev.dagstack.logger.context.ScopeState;
import dev.dagstack.logger.convention.ConventionLogger;
import dev.dagstack.logger.convention.ConventionsConfig;
import dev.dagstack.logger.convention.Operation;
import dev.dagstack.logger.convention.TypedEvents;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.sink.Sinks;
import dev.dagstack.logger.sink.Timeouts;
import io.opentelemetry.context.Context;
import java.time.Duration;
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

  /** The global provider's environment lookup for the resource; replaced by tests. */
  static volatile UnaryOperator<String> environment = System::getenv;

  /** The provider this logger belongs to (its registry and configuration). */
  private final LoggerProvider provider;
  /** {@code provider.global}, kept here: the level check reads it without a hop. */
  private final boolean global;
  private final String name;
  /** The cached logger whose state this handle reads ({@code this} for a cached one). */
  private final Logger origin;
  /** Set on cached loggers only; replaced whole by {@link #configure}. */
  private volatile LoggerState state;
  /**
   * What happens to a record this handle emits: its scope, bound attributes, own sinks and
   * trace-context mode, and the steps to the sinks. A derived handle gets a derived pipeline.
   */
  private final EmitPipeline pipeline;

  private Logger(LoggerProvider provider, String name, String version) {
    this.provider = provider;
    this.global = provider.global;
    this.name = name;
    this.origin = this;
    this.pipeline = EmitPipeline.of(name, InstrumentationScope.of(
        name.isEmpty() ? InstrumentationScope.ROOT_NAME : name, version));
  }

  private Logger(Logger parent, EmitPipeline pipeline) {
    this.provider = parent.provider;
    this.global = parent.global;
    this.name = parent.name;
    this.origin = parent.origin;
    this.pipeline = pipeline;
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

  /** The state of a cached logger (one volatile read); what an emit in flight reads again. */
  LoggerState state() {
    return state;
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
    return pipeline.scope().version();
  }

  /** The instrumentation scope stamped on this logger's records. */
  public InstrumentationScope instrumentationScope() {
    return pipeline.scope();
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
    log(severityNumber, EmitPipeline.NOW, body, attributes);
  }

  /**
   * Emits at any severity 1..24 with attributes and the time the event occurred, for bridges
   * from other logging APIs whose events carry their own time (the record's
   * {@code time_unix_nano}, spec §1; the OpenTelemetry Logs Bridge API's timestamp): the SLF4J
   * bridge passes Logback's event time, so a record is stamped once. As {@link #log(int, Object,
   * Map)} otherwise: an invalid severity is reported and clamped, and it never throws.
   *
   * @param timeUnixNano nanoseconds since the Unix epoch ({@link
   *     dev.dagstack.logger.record.Clock#unixNano} converts an {@code Instant}); 0 or less: now,
   *     as the other methods do (so a time before 1970 cannot be given)
   */
  public void log(int severityNumber, long timeUnixNano, Object body,
      Map<String, ?> attributes) {
    Logger holder = holder();
    LoggerState s = holder.state;
    if (severityNumber < s.threshold) {
      if (!ScopeContext.anyThresholdLowered() && severityNumber >= Severity.MIN) {
        return;
      }
    } else if (severityNumber <= Severity.MAX) {
      if (!pipeline.emit(holder, s, timeUnixNano, severityNumber, body, attributes, null,
          ScopeContext.current())) {
        emitAgain(timeUnixNano, severityNumber, body, attributes, null);
      }
      return;
    }
    logSlowly(holder, s, timeUnixNano, severityNumber, body, attributes, null);
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
    logSlowly(holder, s, EmitPipeline.NOW, Severity.ERROR, body, attributes,
        exceptionAttributes);
  }

  /** Invalid severities and thresholds lowered by a scope: off the common path. */
  private void logSlowly(Logger holder, LoggerState s, long time, int severityNumber,
      Object body, Map<String, ?> attributes, Attrs exceptionAttributes) {
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
    if (!pipeline.emit(holder, s, time, severity, body, attributes, exceptionAttributes,
        scopeState)) {
      emitAgain(time, severity, body, attributes, exceptionAttributes);
    }
  }

  /**
   * A reconfiguration or a route switch replaced the state after an emit read it (the pipeline
   * did nothing): the logger this thread should use now takes the record whole.
   */
  private void emitAgain(long time, int severity, Object body, Map<String, ?> attributes,
      Attrs exceptionAttributes) {
    try {
      Logger now = holder();
      logSlowly(now, now.state, time, severity, body, attributes, exceptionAttributes);
    } catch (StackOverflowError e) {
      // As in the pipeline: at the very end of the stack an emit gives the record up silently.
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
    return new Logger(this, pipeline.bind(added));
  }

  /** A detached, uncached child whose records go only to {@code sinks}. */
  public Logger withSinks(List<? extends Sink> sinks) {
    return new Logger(this, pipeline.replaceSinks(Sinks.toArray(sinks, "withSinks")));
  }

  /** A detached, uncached child whose records go to this logger's sinks and to {@code sinks}. */
  public Logger appendSinks(List<? extends Sink> sinks) {
    return new Logger(this, pipeline.appendSinks(Sinks.toArray(sinks, "appendSinks")));
  }

  /** A detached, uncached child that discards every record. */
  public Logger withoutSinks() {
    return new Logger(this, pipeline.replaceSinks(EmitPipeline.NO_SINKS));
  }

  /** A handle whose emits carry no trace context at all (no ambient lookup). */
  public Logger withoutContext() {
    return new Logger(this, pipeline.withoutContext());
  }

  /**
   * A handle whose emits read trace context and baggage from {@code context} only, whatever the
   * ambient context and the {@code autoInjectTraceContext} setting (explicit-context mode).
   */
  public Logger withContext(Context context) {
    return new Logger(this, pipeline.withContext(OpenTelemetryTraceContext.from(context)));
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
        ScopeContext.openSinkOverride(name, Sinks.toArray(sinks, "scopeSinks"));
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
    return LoggerProvider.flushAll(effectiveSinks(), timeout);
  }

  /**
   * Flushes and closes the sinks this logger writes to. Sinks are shared: closing a logger that
   * inherits the root's sinks closes them for every logger, so call it on the root at shutdown
   * (the Spring starter does this when its context closes), not from a component's cleanup.
   */
  public void close() {
    for (Sink sink : effectiveSinks()) {
      LoggerProvider.closeQuietly(sink);
    }
    Diagnostics.reportHeldBack();
  }

  /** The sinks an emit here and now would reach, once each. */
  private Set<Sink> effectiveSinks() {
    return pipeline.effectiveSinks(() -> holder().state);
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
