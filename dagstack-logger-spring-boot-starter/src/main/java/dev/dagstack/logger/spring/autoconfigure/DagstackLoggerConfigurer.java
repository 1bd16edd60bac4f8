package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.context.TraceContextProvider;
import dev.dagstack.logger.convention.ConventionsConfig;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.ConsoleSink;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.spring.autoconfigure.LoggerConfigurationFactory.Wanted;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerGroups;
import org.springframework.core.env.Environment;

/**
 * Applies the {@code dagstack.logger.*} properties, the configured sinks, the application's own
 * {@link Sink} beans and the trace-context source to the context's {@link LoggerProvider}, and
 * routes the global loggers ({@code Logger.get}, the SLF4J bridge) to it while the context runs;
 * on context close it ends the route, then flushes and closes every sink of the context.
 */
public final class DagstackLoggerConfigurer {

  /** How many configurers have applied their configuration and not closed yet (all contexts). */
  private static final AtomicInteger ACTIVE = new AtomicInteger();
  /** Serializes level changes against each other. */
  private static final Object LEVEL_LOCK = new Object();

  private static final Pattern CONFIGURED_SINK =
      Pattern.compile(Pattern.quote(SinkFactory.PREFIX + ".") + ".+");

  private final List<Sink> sinks;
  private final List<Sink> debugSinks;
  private volatile LoggerConfiguration configuration;
  private final DagstackLoggingSystem loggingSystem;
  private final BiConsumer<String, Integer> levelListener = this::applyLevel;
  private Runnable uninstallBridge;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Set while {@link #refresh()} rebuilds: its own level pushes into Boot's system are not changes. */
  private boolean refreshing;
  private final Environment environment;
  private final TraceContextProvider traceContextProvider;
  private final LoggerGroups loggerGroups;
  private final List<Sink> starterSinks;
  private final ConventionsConfig conventions;
  private final List<NamedCustomizer> customizers;
  /** The provider bound to the refreshing thread until refreshed, and its thread. */
  private LoggerProvider.Binding startupBinding;
  private Thread startupThread;
  /** The provider bound to the closing thread from the start of the close, and its thread. */
  private LoggerProvider.Binding shutdownBinding;
  private Thread shutdownThread;
  /** The provider this configurer configures: the context's own, unless a bean replaces it. */
  private final LoggerProvider provider;
  /** The route of the global loggers to {@link #provider} ({@code null} when it is the global). */
  private LoggerProvider.Binding route;
  /**
   * The levels the properties asked for at the last build, by logger name ({@code ""} is the
   * root): what a reload compares with to put removed names back to inherited.
   */
  private Map<String, Wanted> propertyLevels = Map.of();
  /**
   * Names whose level was changed through Boot's logging system at run time (e.g.
   * {@code /actuator/loggers}): such a change wins over the properties until restart or until it
   * is reset with {@code null}.
   */
  private final java.util.Set<String> runtimeOverrides = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Builds and applies the configuration.
   *
   * @param sinkBeans every {@link Sink} bean by bean name: the configured ones (named after their
   *     property) and the application's own
   * @param traceContextProvider the trace-context source, or {@code null} for the core's default
   * @param loggingSystem Boot's logging system when it is the dagstack one (levels come from it,
   *     and level changes through it apply here), else {@code null} (levels from the environment)
   * @param starterSinks sinks of the starter itself attached to the root (e.g. the emitted-records
   *     meter); not listed by {@link #sinks()}, not closed here
   * @param conventions operations and typed events, or {@code null} for the core's defaults
   * @param provider the logger provider to configure (the context's own by default)
   * @param customizers applied in this order to every configuration built
   * @throws InvalidDagstackLoggerPropertyException naming the first invalid property
   */
  DagstackLoggerConfigurer(DagstackLoggerProperties properties, Environment environment,
      Map<String, Sink> sinkBeans, TraceContextProvider traceContextProvider,
      LoggerGroups loggerGroups, DagstackLoggingSystem loggingSystem, List<Sink> starterSinks,
      ConventionsConfig conventions, LoggerProvider provider,
      List<NamedCustomizer> customizers) {
    LoggerConfigurationFactory.checkBootLogging(properties, environment);
    this.provider = provider;
    this.customizers = List.copyOf(customizers);
    List<Sink> all = checkUniqueIds(sinkBeans);
    this.debugSinks = takeDebugSinks(all, properties.getWeb().getDebug().getSinks());
    this.sinks = List.copyOf(all);
    this.loggingSystem = loggingSystem;
    this.environment = environment;
    this.traceContextProvider = traceContextProvider;
    this.loggerGroups = loggerGroups;
    this.starterSinks = List.copyOf(starterSinks);
    this.conventions = conventions;
    DagstackLoggingSystem.Handover handover = null;
    try {
      this.configuration = build(properties);
      if (loggingSystem != null) {
        handover = loggingSystem.handOver();
        uninstallBridge = handover.uninstallBridge();
      }
      provider.reconfigure(configuration);
      if (provider != LoggerProvider.global()) {
        // Static loggers and the SLF4J bridge follow the latest started context (its requests
        // and tests bind their own; see docs/spring-boot.md#application-contexts).
        route = provider.routeGlobalLoggers();
        // The rest of this context's startup (Tomcat started, ...) is this context's.
        startupBinding = provider.makeCurrent();
        startupThread = Thread.currentThread();
      }
    } catch (IllegalArgumentException e) {
      if (handover != null) {
        // Nothing was applied: what was held goes to a console, the bridge is detached.
        if (handover.buffer() != null) {
          releaseUnconfigured(handover.buffer());
        }
        if (handover.uninstallBridge() != null) {
          handover.uninstallBridge().run();
        }
      }
      throw new InvalidDagstackLoggerPropertyException(DagstackLoggerProperties.PREFIX, null,
          e.getMessage());
    }
    DagstackLoggingSystem.contextsRunning(ACTIVE.incrementAndGet());
    if (handover != null && handover.buffer() != null) {
      if (route != null && LoggerProvider.global().configuration().sinks()
          .contains(handover.buffer())) {
        // The global loggers write here now; their own configuration goes back to the defaults.
        Logger.reset();
      }
      replay(handover.buffer());
    }
    if (loggingSystem != null) {
      loggingSystem.setLevelListener(levelListener);
      loggingSystem.setProvider(provider);
    }
  }

  /**
   * Rebinds {@code dagstack.logger.*} (and {@code logging.level.*}) from the Environment as it is
   * now and reconfigures the logger (spec §9.3): levels, resource, redaction, processors and the
   * trace-context settings. The sinks stay the ones created at startup; levels set through Boot's
   * logging system (e.g. {@code /actuator/loggers}) are kept. A bad value is rejected with the
   * message startup would give; the running configuration then stays, and the rejection is
   * reported on the diagnostic channel and counted ({@code reconfigure_total{result}}).
   *
   * @throws RuntimeException the binding or validation failure, after it is counted
   */
  public void refresh() {
    synchronized (LEVEL_LOCK) {
      if (closed.get()) {
        return;
      }
      LoggerConfiguration[] applied = new LoggerConfiguration[1];
      refreshing = true;
      try {
        provider.reconfigure(() -> {
          // A misspelled name fails as it fails startup, rather than being ignored until the
          // next restart fails on it.
          ConfiguredSinksRegistrar.checkNames(ConfigurationPropertySources.get(environment));
          DagstackLoggerProperties properties;
          try {
            properties = SinkSettingsBindHandler.bind(Binder.get(environment));
          } catch (BindException e) {
            // The words startup's failure report uses (property, value, what is accepted).
            InvalidDagstackLoggerPropertyException invalid =
                DagstackLoggerFailureAnalyzer.invalid(e);
            throw invalid != null ? invalid : e;
          }
          applied[0] = build(properties);
          return applied[0];
        });
      } finally {
        refreshing = false;
      }
      this.configuration = applied[0];
    }
  }

  /** The configuration of {@code properties} with the startup sinks. */
  private LoggerConfiguration build(DagstackLoggerProperties properties) {
    LoggerConfiguration.Builder builder = LoggerConfigurationFactory.common(properties, environment)
        .sinks(rootSinks())
        .processors(LoggerConfigurationFactory.processors(properties))
        .conventions(conventions);
    if (traceContextProvider != null) {
      builder.traceContextProvider(traceContextProvider);
    }
    try {
      Map<String, Wanted> wanted =
          LoggerConfigurationFactory.propertyLevels(properties, environment, loggerGroups);
      Map<String, Integer> levels;
      if (loggingSystem == null) {
        levels = LoggerConfigurationFactory.severities(wanted);
      } else {
        // Everything else is valid before a level reaches Boot's logging system.
        builder.build();
        levels = syncLevels(wanted);
      }
      builder.rootLevel(levels.getOrDefault("", Severity.INFO));
      levels.remove("");
      levels.forEach(builder::level);
      return customized(builder);
    } catch (IllegalArgumentException e) {
      throw new InvalidDagstackLoggerPropertyException(DagstackLoggerProperties.PREFIX, null,
          e.getMessage());
    }
  }

  /**
   * The configuration of {@code builder} (validated: a problem here is the properties'), then
   * after every {@link LoggerConfigurationCustomizer} in order: a customizer that throws or leaves
   * an invalid configuration fails with its class named, not a property.
   */
  private LoggerConfiguration customized(LoggerConfiguration.Builder builder) {
    LoggerConfiguration fromProperties = builder.build();
    if (customizers.isEmpty()) {
      return fromProperties;
    }
    NamedCustomizer current = null;
    try {
      for (NamedCustomizer customizer : customizers) {
        current = customizer;
        customizer.customizer().customize(builder);
      }
      current = null;
      return builder.build();
    } catch (RuntimeException e) {
      throw new LoggerConfigurationCustomizerException(current == null ? null
          : current.beanName(), current == null ? null
          : current.customizer().getClass().getName(), e);
    }
  }

  /** A customizer bean with its name, for the error that names it. */
  record NamedCustomizer(String beanName, LoggerConfigurationCustomizer customizer) {}

  /** The context is refreshed: its startup is over on the refreshing thread. */
  void started() {
    startupBinding = closeOn(startupBinding, startupThread);
  }

  /** The context starts closing: what the closing thread logs from now on is this context's. */
  void closing() {
    if (route != null && shutdownBinding == null && !closed.get()) {
      shutdownBinding = provider.makeCurrent();
      shutdownThread = Thread.currentThread();
    }
  }

  /** Closes {@code binding} when this is its thread (a binding is per thread); returns null. */
  private static LoggerProvider.Binding closeOn(LoggerProvider.Binding binding, Thread thread) {
    if (binding != null && Thread.currentThread() == thread) {
      binding.close();
      return null;
    }
    return binding;
  }

  /**
   * Makes Boot's logging system (so Logback and the dagstack logger alike) match {@code wanted}:
   * each wanted level is set unless the name has a run-time override; a name the properties
   * no longer mention goes back to inherited (the root to Boot's default, INFO). Names the
   * properties never set (e.g. by {@code --debug}) are left alone.
   *
   * @return the dagstack levels: every level set through the logging system, with the exact
   *     severities of the wanted ones
   */
  private Map<String, Integer> syncLevels(Map<String, Wanted> wanted) {
    boolean wasRefreshing = refreshing;
    refreshing = true;
    try {
      for (String name : propertyLevels.keySet()) {
        if (!wanted.containsKey(name) && !runtimeOverrides.contains(name)) {
          loggingSystem.setLogLevel(name.isEmpty() ? null : name,
              name.isEmpty() ? LogLevel.INFO : null);
        }
      }
      wanted.forEach((name, level) -> {
        if (!runtimeOverrides.contains(name)) {
          loggingSystem.setLogLevel(name.isEmpty() ? null : name, level.bootLevel());
        }
      });
    } finally {
      refreshing = wasRefreshing;
    }
    propertyLevels = Map.copyOf(wanted);
    Map<String, Integer> levels = new LinkedHashMap<>(loggingSystem.severities());
    wanted.forEach((name, level) -> {
      if (!runtimeOverrides.contains(name)) {
        levels.put(name, level.severity());
      }
    });
    return levels;
  }

  /** The configured sinks followed by the starter's own root sinks. */
  private List<Sink> rootSinks() {
    List<Sink> rootSinks = new ArrayList<>(sinks);
    rootSinks.addAll(starterSinks);
    return rootSinks;
  }

  /** Whether any configurer (of any context) has applied its configuration and not closed yet. */
  static boolean anyActive() {
    return ACTIVE.get() > 0;
  }

  /**
   * Writes the held records as the final configuration writes an emit (its levels, processors,
   * redaction and sinks: {@link LoggerProvider#replay}); reports how many the buffer had to drop.
   */
  private void replay(PreConfigurationBuffer buffer) {
    for (LogRecord record : buffer.drain()) {
      provider.replay(record);
    }
    long dropped = buffer.droppedCount(DropReason.BUFFER_FULL);
    if (dropped > 0) {
      Diagnostics.warn(dropped + " records logged before the logger was configured were dropped"
          + " (the startup buffer holds " + PreConfigurationBuffer.CAPACITY + ")",
          Attrs.of("dropped_total", dropped, "reason", DropReason.BUFFER_FULL.tag()));
    }
  }

  /**
   * Startup failed before any configurer took the held records: they go to a console sink in
   * auto mode (what the application would have shown without the starter), and the logger is
   * put back to its defaults.
   */
  static void releaseUnconfigured(PreConfigurationBuffer buffer) {
    if (LoggerProvider.global().configuration().sinks().contains(buffer)) {
      Logger.reset();
    }
    List<LogRecord> held = buffer.drain();
    if (held.isEmpty()) {
      return;
    }
    ConsoleSink console = ConsoleSink.auto();
    held.forEach(console::emit);
    console.close();
  }

  /**
   * A level change made through Boot's logging system (e.g. {@code POST /actuator/loggers/x}):
   * applied to this configuration at once, {@code null} removing the logger's own level.
   */
  private void applyLevel(String name, Integer severity) {
    synchronized (LEVEL_LOCK) {
      if (closed.get() || refreshing) {
        return;
      }
      if (severity != null) {
        runtimeOverrides.add(name);
      } else {
        // A reset ends the override: the name goes back to what the properties ask for.
        runtimeOverrides.remove(name);
        Wanted wanted = propertyLevels.get(name);
        if (wanted != null || name.isEmpty()) {
          refreshing = true;
          try {
            loggingSystem.setLogLevel(name.isEmpty() ? null : name,
                wanted == null ? LogLevel.INFO : wanted.bootLevel());
          } finally {
            refreshing = false;
          }
          severity = wanted == null ? Severity.INFO : wanted.severity();
        }
      }
      LoggerConfiguration current = configuration;
      if (provider.configuration() != current) {
        return;
      }
      LoggerConfiguration.Builder builder = current.toBuilder();
      if (severity == null) {
        builder.clearLevel(name);
      } else if (name.isEmpty()) {
        builder.rootLevel(severity);
      } else {
        builder.level(name, severity);
      }
      LoggerConfiguration next = builder.build();
      configuration = next;
      provider.reconfigure(next);
    }
  }

  /** Every sink attached to the root logger, configured ones first. */
  public List<Sink> sinks() {
    return sinks;
  }

  /**
   * The sinks named by {@code dagstack.logger.web.debug.sinks}: not attached to the root logger,
   * they receive only the records of accepted debug requests.
   */
  public List<Sink> debugSinks() {
    return debugSinks;
  }

  /** The root sinks, then the debug sinks: every sink this configurer flushes and closes. */
  public List<Sink> allSinks() {
    List<Sink> all = new ArrayList<>(sinks);
    all.addAll(debugSinks);
    return all;
  }

  /** The configuration this configurer applied. */
  public LoggerConfiguration configuration() {
    return configuration;
  }

  /**
   * Runs when the context closes, after the application's beans are destroyed (so their
   * {@code @PreDestroy} lines are still written): restores the defaults if this configuration is
   * still applied, detaches the SLF4J bridge it took over, then closes every sink (close flushes
   * what is pending and reports what it could not deliver). Idempotent.
   */
  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    int running = ACTIVE.decrementAndGet();
    if (loggingSystem != null && loggingSystem.levelListener() == levelListener) {
      loggingSystem.setLevelListener(null);
      loggingSystem.setProvider(null);
    }
    synchronized (LEVEL_LOCK) {
      if (route != null) {
        // The global loggers go back to the context started before this one (or the defaults)
        // before this context's sinks close; its provider is its own, closed here.
        route.close();
        provider.close();
      } else if (provider.configuration() == configuration) {
        if (provider == LoggerProvider.global()) {
          Logger.reset();
        } else {
          provider.close();
        }
      }
    }
    if (uninstallBridge != null) {
      uninstallBridge.run();
    }
    DagstackLoggingSystem.contextsRunning(running);
    // A start that failed leaves its startup binding here; a close, its shutdown binding.
    startupBinding = closeOn(startupBinding, startupThread);
    shutdownBinding = closeOn(shutdownBinding, shutdownThread);
    for (Sink sink : allSinks()) {
      try {
        sink.close();
      } catch (RuntimeException e) {
        Diagnostics.error("closing sink " + sink.id() + " failed", e,
            dev.dagstack.logger.record.Attrs.of("sink.id", sink.id()));
      }
    }
  }

  /**
   * The sinks in bean order. Two sinks with one id fail, naming the id property of a configured
   * one (the later one when both are configured).
   */
  private static List<Sink> checkUniqueIds(Map<String, Sink> sinkBeans) {
    Map<String, String> ownerById = new LinkedHashMap<>();
    List<Sink> sinks = new ArrayList<>();
    for (Map.Entry<String, Sink> entry : sinkBeans.entrySet()) {
      Sink sink = entry.getValue();
      String previous = ownerById.putIfAbsent(sink.id(), entry.getKey());
      if (previous != null) {
        boolean laterConfigured = CONFIGURED_SINK.matcher(entry.getKey()).matches();
        String culprit = laterConfigured || !CONFIGURED_SINK.matcher(previous).matches()
            ? entry.getKey() : previous;
        String other = culprit.equals(previous) ? entry.getKey() : previous;
        String property = CONFIGURED_SINK.matcher(culprit).matches()
            ? culprit : "Sink bean '" + culprit + "'";
        throw new InvalidDagstackLoggerPropertyException(property, sink.id(),
            "a sink id used by no other sink, but " + describe(other) + " already uses it");
      }
      sinks.add(sink);
    }
    return sinks;
  }

  /**
   * Removes the sinks named by {@code ids} from {@code all} and returns them in that order; an id
   * that names no sink fails, naming its property.
   */
  private static List<Sink> takeDebugSinks(List<Sink> all, List<String> ids) {
    List<Sink> taken = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      Sink found = null;
      for (Sink sink : all) {
        if (sink.id().equals(id)) {
          found = sink;
          break;
        }
      }
      if (found == null) {
        List<String> known = new ArrayList<>();
        all.forEach(sink -> known.add(sink.id()));
        taken.forEach(sink -> known.add(sink.id()));
        throw new InvalidDagstackLoggerPropertyException(
            DagstackLoggerProperties.PREFIX + ".web.debug.sinks[" + i + "]", id,
            "the id of a sink configured in " + DagstackLoggerProperties.PREFIX
                + ".sinks; configured ids: " + String.join(", ", known));
      }
      all.remove(found);
      taken.add(found);
    }
    return List.copyOf(taken);
  }

  private static String describe(String beanName) {
    return CONFIGURED_SINK.matcher(beanName).matches() ? beanName : "the Sink bean '" + beanName + "'";
  }
}
