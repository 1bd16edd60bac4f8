package dev.dagstack.logger;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.Severity;
import java.time.Duration;
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
      new LoggerProvider(null, name -> Logger.environment.apply(name));

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

  private LoggerProvider(LoggerConfiguration configuration, UnaryOperator<String> environment) {
    this.environment = environment;
    this.resolved = new ResolvedConfiguration(
        configuration != null ? configuration : defaultConfiguration(), environment);
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
          n -> Logger.create(this, n, version, resolved.stateFor(n)));
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

  /** The configuration in effect. */
  public LoggerConfiguration configuration() {
    return resolved.configuration;
  }

  /** The names of the loggers created so far, sorted ({@code ""} is the root). */
  public SortedSet<String> cachedNames() {
    return new TreeSet<>(registry.keySet());
  }

  /**
   * Flushes every sink of the configuration (spec §7), waiting at most {@code timeout} in all,
   * then writes what the diagnostic channel's rate limit holds back. Never throws.
   *
   * @return the combined result; a sink that threw counts as failed
   */
  public FlushResult flush(Duration timeout) {
    return Logger.flushAll(resolved.allSinks(), timeout);
  }

  /**
   * Shuts the provider's pipeline down (OpenTelemetry's {@code shutdown}): swaps in a
   * configuration without sinks or processors, so every sink is flushed and closed and every
   * processor shut down once the emits in flight have reached them. Its loggers keep working and
   * write nowhere until the next {@link #reconfigure}; a closed sink cannot be configured again.
   */
  @Override
  public void close() {
    reconfigure(EMPTY);
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
      ResolvedConfiguration next = new ResolvedConfiguration(configuration, environment);
      ResolvedConfiguration previous = resolved;
      resolved = next;
      for (Logger logger : registry.values()) {
        logger.setState(next.stateFor(logger.name()));
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
        return new LoggerProvider(null, environment);
      }
      // Through reconfigure: the same validation and warnings as any later configuration.
      LoggerProvider provider = new LoggerProvider(EMPTY, environment);
      provider.reconfigure(configuration);
      return provider;
    }
  }
}
