package dev.dagstack.logger;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.sink.Sinks;
import dev.dagstack.logger.sink.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Owns a logger registry and the configuration in effect for it (OpenTelemetry's
 * {@code SdkLoggerProvider} shape; spec §3, §9): {@link #get(String)} hands out cached loggers,
 * {@link #reconfigure(LoggerConfiguration)} swaps the configuration of all of them at once,
 * {@link #flush(Duration)} and {@link #close()} act on every sink of the configuration.
 *
 * <p>{@link Logger#get(String)} and the other static methods of {@link Logger} use the
 * {@linkplain #global() global provider}; an application needs no other. Tests and hosts that
 * keep separate configurations side by side (one per application context) build their own:
 *
 * <pre>{@code
 * InMemorySink memory = new InMemorySink(100);
 * try (LoggerProvider provider = LoggerProvider.builder()
 *     .configuration(LoggerConfiguration.builder().sinks(memory).build())
 *     .build()) {
 *   provider.get("orders").info("placed");
 * }
 * }</pre>
 *
 * <p>A logger belongs to the provider it came from for good: it reads that provider's
 * configuration on every emit without looking it up. Give each provider sinks of its own: a
 * provider that retires a sink (reconfigure, close) closes it for every provider. Thread-safe.
 */
public final class LoggerProvider implements AutoCloseable {

  /** No sinks, no processors: what a closed provider and a built one before its first swap run. */
  private static final LoggerConfiguration EMPTY = LoggerConfiguration.builder().build();

  /** The global provider; created with the class, so its loggers exist before any other. */
  private static final LoggerProvider GLOBAL =
      new LoggerProvider(null, name -> Logger.environment.apply(name), true);

  private final ConcurrentHashMap<String, Logger> registry = new ConcurrentHashMap<>();
  /** Guards configuration swaps and the creation of cached loggers. */
  private final Object configureLock = new Object();
  /** Reconfigurations of this provider run one at a time. */
  final Object reconfigureLock = new Object();
  final LongAdder applied = new LongAdder();
  final LongAdder rejected = new LongAdder();
  /** The environment lookup for the resource ({@code OTEL_*} variables). */
  final UnaryOperator<String> environment;
  private volatile ResolvedConfiguration resolved;
  /** Whether this is the global provider, whose loggers follow routes and thread bindings. */
  final boolean global;
  /** The global provider's open routes, oldest first; the last one is followed (global only). */
  private final List<LoggerProvider> routes = new ArrayList<>();
  /** The provider the global provider's loggers emit through, or {@code null} for its own. */
  private volatile LoggerProvider routeTarget;

  private LoggerProvider(LoggerConfiguration configuration, UnaryOperator<String> environment,
      boolean global) {
    this.environment = environment;
    this.global = global;
    this.resolved = new ResolvedConfiguration(
        configuration != null ? configuration : defaultConfiguration(), environment, this);
  }

  /** The provider of {@link Logger#get(String)} and the other static methods of {@link Logger}. */
  public static LoggerProvider global() {
    return GLOBAL;
  }

  /** A builder of a provider of its own (tests, one per application context). */
  public static Builder builder() {
    return new Builder();
  }

  /** The cached logger for {@code name} ({@code ""} is the root). */
  public Logger get(String name) {
    return get(name, null);
  }

  /**
   * The cached logger for {@code name}, reporting {@code version} in its instrumentation scope.
   * Loggers are cached per name, so the version given first for a name is kept; asking again
   * with a different version is reported on the diagnostic channel.
   *
   * @throws IllegalArgumentException when {@code name} is null (the root is {@code ""})
   */
  public Logger get(String name, String version) {
    if (name == null) {
      throw new IllegalArgumentException("logger name must not be null (the root is \"\")");
    }
    Logger logger = registry.get(name);
    if (logger != null) {
      String known = logger.instrumentationScope().version();
      if (version != null && !version.equals(known)) {
        Diagnostics.warnLimited("logger-version:" + name, "logger '" + name
            + "' already exists with version " + known + "; version " + version
            + " is ignored", Attrs.of("logger.name", name));
      }
      return logger;
    }
    synchronized (configureLock) {
      // Created under the lock, so a concurrent swap cannot leave it with a stale state.
      return registry.computeIfAbsent(name,
          n -> Logger.create(this, n, version, effective().stateFor(n)));
    }
  }

  /**
   * Routes the {@linkplain #global() global provider}'s loggers ({@link Logger#get(String)}, the
   * SLF4J bridge, any code outside an application context) through this provider's configuration
   * until the returned binding is closed. The latest open route wins; closing it returns the
   * global loggers to the route opened before it that is still open, or to the global provider's
   * own configuration. A {@linkplain #makeCurrent() thread binding} takes precedence on its
   * thread. The Spring starter opens one route per application context and closes it with the
   * context; {@link #close()} closes this provider's routes too.
   *
   * @throws IllegalStateException when called on the global provider
   */
  public Binding routeGlobalLoggers() {
    if (global) {
      throw new IllegalStateException("the global provider cannot route its loggers to itself");
    }
    GLOBAL.addRoute(this);
    return new OnceBinding(() -> GLOBAL.removeRoute(this, false));
  }

  /**
   * Binds this provider to the calling thread until the returned binding is closed (on the same
   * thread): meanwhile the {@linkplain #global() global provider}'s loggers emit through this
   * provider's configuration on this thread, whatever route is open; bindings nest. The Spring
   * starter binds an application context's provider for each of its requests, and its test
   * support for each test method. Binding the global provider unbinds the thread while the
   * binding is open: the global loggers follow the route there.
   */
  public Binding makeCurrent() {
    return CurrentProvider.bind(this);
  }

  /**
   * The provider bound to the calling thread ({@link #makeCurrent()}), or {@code null}: what a
   * context-propagation library carries to another thread.
   */
  public static LoggerProvider current() {
    return CurrentProvider.get();
  }

  /** The configuration the global provider's loggers follow: a route's, or this one's. */
  ResolvedConfiguration effective() {
    LoggerProvider target = routeTarget;
    return target != null ? target.resolved : resolved;
  }

  private void addRoute(LoggerProvider target) {
    synchronized (configureLock) {
      routes.add(target);
      retarget();
    }
  }

  /** Removes the latest route to {@code target} (every one when {@code all}). */
  private void removeRoute(LoggerProvider target, boolean all) {
    synchronized (configureLock) {
      for (int i = routes.size() - 1; i >= 0; i--) {
        if (routes.get(i) == target) {
          routes.remove(i);
          if (!all) {
            break;
          }
        }
      }
      retarget();
    }
  }

  /** Under the configure lock: follows the latest route and re-resolves every cached logger. */
  private void retarget() {
    routeTarget = routes.isEmpty() ? null : routes.get(routes.size() - 1);
    refreshStates();
  }

  /** Under the configure lock: every cached logger takes its state from {@link #effective()}. */
  private void refreshStates() {
    ResolvedConfiguration effective = effective();
    for (Logger logger : registry.values()) {
      logger.setState(effective.stateFor(logger.name()));
    }
  }

  /** The root logger. */
  public Logger root() {
    return get("");
  }

  /**
   * Replaces the configuration while the application runs (spec §9.3); see
   * {@link Logger#reconfigure(LoggerConfiguration)}.
   *
   * @throws IllegalArgumentException when the configuration is invalid: the old one stays, and
   *     the rejection is reported on the diagnostic channel and counted
   */
  public void reconfigure(LoggerConfiguration configuration) {
    reconfigure(() -> configuration);
  }

  /**
   * As {@link #reconfigure(LoggerConfiguration)}, with the configuration built by {@code build}:
   * an exception from it is a rejection too (reported, counted, rethrown).
   */
  public void reconfigure(Supplier<? extends LoggerConfiguration> build) {
    Reconfigurer.apply(this, build);
  }

  /** How many reconfigurations of this provider ended with {@code result}. */
  public long reconfigureCount(ReconfigureResult result) {
    return (result == ReconfigureResult.APPLIED ? applied : rejected).sum();
  }

  /**
   * The configuration in effect for this provider: its own, as last given to
   * {@link #reconfigure}. (The global provider's loggers may follow a
   * {@linkplain #routeGlobalLoggers() route} instead; {@link Logger#configuration()} says which.)
   */
  public LoggerConfiguration configuration() {
    return resolved.configuration;
  }

  /** The names of the loggers created so far, sorted ({@code ""} is the root). */
  public SortedSet<String> cachedNames() {
    return new TreeSet<>(registry.keySet());
  }

  /**
   * Writes {@code record}, made earlier and held while this provider's configuration was being
   * prepared (the Spring starter holds what is logged before its sinks exist), as the
   * configuration now in effect writes an emit of the record's scope: when that logger's level
   * enables the record's severity, through every processor, key-suffix redaction and body
   * privacy (spec §8, §10: nothing reaches a sink unmasked), to that logger's sinks. The record's
   * time, trace fields, scope and attributes are its own. Never throws.
   */
  public void replay(LogRecord record) {
    if (record == null) {
      return;
    }
    String scope = record.instrumentationScope().name();
    Logger logger = get(InstrumentationScope.ROOT_NAME.equals(scope) ? "" : scope);
    if (logger.isEnabled(record.severityNumber())) {
      EmitPipeline.replay(logger.state(), record);
    }
  }

  /**
   * Flushes every sink of the configuration (spec §7), waiting at most {@code timeout} in all,
   * then writes what the diagnostic channel's rate limit holds back. Never throws.
   *
   * @return the combined result; a sink that threw counts as failed
   */
  public FlushResult flush(Duration timeout) {
    return flushAll(resolved.allSinks(), timeout);
  }

  /**
   * Flushes {@code sinks} one after the other within one {@code timeout} overall, then writes
   * what the diagnostic channel's rate limit held back (the final word on losses). What
   * {@link #flush} and {@link Logger#flush} do.
   */
  static FlushResult flushAll(Iterable<Sink> sinks, Duration timeout) {
    long deadline = System.nanoTime() + Timeouts.nanos(timeout);
    List<FlushResult> results = new ArrayList<>();
    for (Sink sink : sinks) {
      Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      results.add(flushQuietly(sink, remaining));
    }
    Diagnostics.reportHeldBack();
    return FlushResult.combine(results);
  }

  /** {@code sink.flush(timeout)}; a throwing sink is reported and counts as failed. */
  static FlushResult flushQuietly(Sink sink, Duration timeout) {
    try {
      return sink.flush(timeout);
    } catch (RuntimeException | LinkageError e) {
      Diagnostics.sinkError(Sinks.idOf(sink), "sink threw while flushing", e);
      return FlushResult.failed(Sinks.idOf(sink), "flush threw " + e);
    }
  }

  /**
   * {@code sink.close()}; a throwing sink is reported. What {@link Logger#close} and a
   * reconfiguration that retires a sink do.
   */
  static void closeQuietly(Sink sink) {
    try {
      sink.close();
    } catch (RuntimeException | LinkageError e) {
      Diagnostics.sinkError(Sinks.idOf(sink), "sink threw while closing", e);
    }
  }

  /**
   * Shuts the provider's pipeline down (OpenTelemetry's {@code shutdown}): swaps in a
   * configuration without sinks or processors, so every sink is flushed and closed and every
   * processor shut down once the emits in flight have reached them. Its loggers keep working and
   * write nowhere until the next {@link #reconfigure}; a closed sink cannot be configured again.
   * Closing the global provider (e.g. as a Spring bean's destroy method) puts it back to the
   * defaults instead, as {@link Logger#reset()} does.
   */
  @Override
  public void close() {
    if (!global) {
      // The global loggers must not follow a closed provider into writing nowhere.
      GLOBAL.removeRoute(this, true);
    }
    // The global provider's loggers are everyone's (static fields, libraries): closing it closes
    // its sinks and leaves the defaults, never a JVM whose static loggers write nowhere.
    reconfigure(global ? defaultConfiguration() : EMPTY);
    Diagnostics.reportHeldBack();
  }

  /** Back to the defaults, as {@link Logger#reset()} does for the global provider. */
  void reset() {
    reconfigure(defaultConfiguration());
  }

  /**
   * Swaps in {@code configuration} under the configure lock and returns the previous resolved
   * configuration; the caller retires what the new one no longer uses.
   */
  ResolvedConfiguration swap(LoggerConfiguration configuration) {
    synchronized (configureLock) {
      ResolvedConfiguration next = new ResolvedConfiguration(configuration, environment, this);
      ResolvedConfiguration previous = resolved;
      resolved = next;
      refreshStates();
      if (GLOBAL.routeTarget == this) {
        // Inside this lock, before the caller drains the previous configuration: the global
        // loggers that follow this provider have left it by then. (Lock order: target, global.)
        synchronized (GLOBAL.configureLock) {
          GLOBAL.refreshStates();
        }
      }
      return previous;
    }
  }

  /** The resolved configuration in effect. */
  ResolvedConfiguration resolved() {
    return resolved;
  }

  static LoggerConfiguration defaultConfiguration() {
    return LoggerConfiguration.builder()
        .rootLevel(Severity.INFO)
        .sinks(new DefaultConsoleSink())
        .build();
  }

  /**
   * An open {@linkplain #routeGlobalLoggers() route} or {@linkplain #makeCurrent() thread
   * binding}; closing it ends it (again: nothing).
   */
  public interface Binding extends AutoCloseable {
    @Override
    void close();
  }

  /** A binding whose close action runs once. */
  private static final class OnceBinding implements Binding {
    private final java.util.concurrent.atomic.AtomicReference<Runnable> action;

    OnceBinding(Runnable action) {
      this.action = new java.util.concurrent.atomic.AtomicReference<>(action);
    }

    @Override
    public void close() {
      Runnable run = action.getAndSet(null);
      if (run != null) {
        run.run();
      }
    }
  }

  @Override
  public String toString() {
    return this == GLOBAL ? "LoggerProvider[global]" : "LoggerProvider@"
        + Integer.toHexString(System.identityHashCode(this));
  }

  /** Builds a {@link LoggerProvider}. */
  public static final class Builder {
    private LoggerConfiguration configuration;
    private UnaryOperator<String> environment = System::getenv;

    private Builder() {}

    /**
     * The initial configuration; without one, the defaults (a console sink in auto mode at
     * INFO, as the global provider starts with).
     */
    public Builder configuration(LoggerConfiguration configuration) {
      this.configuration = configuration;
      return this;
    }

    /**
     * Where the resource's environment variables ({@code OTEL_RESOURCE_ATTRIBUTES},
     * {@code OTEL_SERVICE_NAME}) are read; {@code System::getenv} unless set (tests).
     *
     * @throws IllegalArgumentException when {@code environment} is null
     */
    public Builder environment(UnaryOperator<String> environment) {
      if (environment == null) {
        throw new IllegalArgumentException("environment lookup must not be null");
      }
      this.environment = environment;
      return this;
    }

    /**
     * A new provider with no loggers yet.
     *
     * @throws IllegalArgumentException when the configuration is invalid
     */
    public LoggerProvider build() {
      if (configuration == null) {
        return new LoggerProvider(null, environment, false);
      }
      // Through reconfigure: the same validation and warnings as any later configuration.
      LoggerProvider provider = new LoggerProvider(EMPTY, environment, false);
      provider.reconfigure(configuration);
      return provider;
    }
  }
}
