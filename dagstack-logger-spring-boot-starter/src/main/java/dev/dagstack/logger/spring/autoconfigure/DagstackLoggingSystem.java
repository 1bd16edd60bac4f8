package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.ConsoleSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemFactory;
import org.springframework.boot.logging.LoggingSystemProperties;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.ClassUtils;

/**
 * Boot's {@link LoggingSystem} with the dagstack logger inside it: it wraps the system Boot would
 * have used (Logback normally) and makes it the single place levels live for dagstack loggers
 * and bridged SLF4J loggers alike.
 *
 * <ul>
 *   <li>{@link #initialize}: right after Boot configured Logback (when the environment is
 *       prepared, before the application context exists) the SLF4J bridge is attached and Boot's
 *       console appender detached, and the dagstack logger holds what is logged until the
 *       configured sinks exist (bounded, counted; see {@link PreConfigurationBuffer}), so startup
 *       lines and {@code @PostConstruct} lines reach the configured sinks in their format.
 *   <li>{@link #setLogLevel}: every level Boot sets ({@code logging.level.*}, logging groups,
 *       {@code --debug}/{@code --trace}) and every change through {@code /actuator/loggers}
 *       (including a reset with {@code null}) applies to Logback and to the dagstack logger of
 *       that name, visible to the next emit on any thread.
 *   <li>{@link #getLoggerConfigurations}: Logback's loggers plus the dagstack loggers Logback does
 *       not know (e.g. {@code order_service.api}), with the level actually applied.
 * </ul>
 *
 * Selected by Boot through {@link Factory} (registered in {@code META-INF/spring.factories},
 * ahead of Boot's own factories). With {@code dagstack.logger.enabled=false} or
 * {@code dagstack.logger.bridge.slf4j.enabled=false} it behaves exactly like the wrapped system.
 */
public final class DagstackLoggingSystem extends LoggingSystem {

  private static final String LOGBACK_SYSTEM =
      "org.springframework.boot.logging.logback.LogbackLoggingSystem";

  private final LoggingSystem delegate;
  /**
   * Levels of this system by logger name ({@code ""} is the root): those set through it, and
   * those of Logback's configuration for the other names.
   */
  private final Map<String, LogLevel> levels = new ConcurrentHashMap<>();
  /** The names whose level was set through this system ({@link #setLogLevel}). */
  private final Set<String> setNames = ConcurrentHashMap.newKeySet();
  /**
   * The levels Logback's configuration set when it was last applied, for a context that finds
   * Logback configured by another running one.
   */
  private static volatile Map<String, LogLevel> logbackConfigurationLevels = Map.of();
  private volatile BiConsumer<String, Integer> levelListener;
  private volatile LoggerProvider provider;
  /** Detaches the bridge this system attached, until a configurer takes it over. */
  private Runnable uninstallBridge;
  private PreConfigurationBuffer buffer;
  /** Whether the bridge replaces Boot's console (from initialize); used again for a failed start. */
  private boolean replaceConsole = true;
  /** Whether initialize attached the bridge (the starter is on and the bridge enabled). */
  private volatile boolean bridgeEnabled;
  /** Set by {@link StartupFailureListener} when the application failed to start. */
  private volatile boolean failed;
  /** The Environment Boot initialised this system with: a failed start's settings come from it. */
  private volatile Environment environment;
  /** The console the failure report is written to, open until the JVM shuts down. */
  private ConsoleSink failureConsole;
  private Runnable failureBridge;
  /** The system of the application being started, for {@link StartupFailureListener}. */
  private static volatile DagstackLoggingSystem current;
  /**
   * Each application's system by the Environment Boot initialised it with, which is the
   * application context's own: a child context finds its system by it, whichever application
   * started since. Weak keys: an entry goes with its application.
   */
  private static final Map<Environment, DagstackLoggingSystem> BY_ENVIRONMENT =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
  private static final boolean LOGBACK_PRESENT = ClassUtils.isPresent(
      "ch.qos.logback.classic.LoggerContext", DagstackLoggingSystem.class.getClassLoader());
  /** Whether this system left Logback as another running context's system configured it. */
  private volatile boolean sharedLogback;

  DagstackLoggingSystem(LoggingSystem delegate) {
    this.delegate = delegate;
  }

  /** The logging system this one wraps. */
  public LoggingSystem delegate() {
    return delegate;
  }

  /** Whether the wrapped system is Boot's Logback system (the one the SLF4J bridge works with). */
  boolean isLogback() {
    return delegate.getClass().getName().equals(LOGBACK_SYSTEM);
  }

  @Override
  public LoggingSystemProperties getSystemProperties(ConfigurableEnvironment environment) {
    return delegate.getSystemProperties(environment);
  }

  @Override
  public void beforeInitialize() {
    DagstackLoggingSystem previous = current;
    if (previous != null && previous != this) {
      // A new start in this JVM (tests): the last failed start's report is complete.
      previous.closeFailureReport();
    }
    current = this;
    if (isLogback() && DagstackLoggerConfigurer.anyActive() && LOGBACK_PRESENT
        && LogbackSupport.anyBridgeInstalled()) {
      // Logback is one per JVM and another running context writes through it: re-initialising
      // it (Boot denies every event, then resets it) would drop that context's SLF4J events.
      // This context keeps Logback as it is; its own levels still apply to its own records
      // (see ScopeThresholdTurboFilter).
      sharedLogback = true;
      // From now on (Boot sets this context's levels on Logback next) the dagstack levels decide.
      LogbackSupport.perContextLevels(true);
      return;
    }
    delegate.beforeInitialize();
  }

  @Override
  public void initialize(LoggingInitializationContext context, String configLocation, LogFile logFile) {
    if (!sharedLogback) {
      delegate.initialize(context, configLocation, logFile);
      if (isLogback() && LOGBACK_PRESENT) {
        logbackConfigurationLevels = LogbackSupport.configuredLevels();
      }
    }
    if (isLogback() && LOGBACK_PRESENT) {
      // Levels of the Logback configuration (a <logger level="..."> of logback-spring.xml,
      // Boot's defaults) are levels of this system too, as it reports them; logging.level.*
      // (set next) and dagstack.logger.* still win.
      logbackConfigurationLevels.forEach(levels::putIfAbsent);
    }
    Environment environment = context.getEnvironment();
    if (environment != null) {
      BY_ENVIRONMENT.put(environment, this);
      this.environment = environment;
    }
    if (environment == null || !isLogback() || !LOGBACK_PRESENT) {
      return;
    }
    DagstackLoggerProperties properties;
    try {
      properties = SinkSettingsBindHandler.bind(Binder.get(environment));
    } catch (RuntimeException e) {
      // A value Boot's binder cannot convert somewhere under dagstack.logger: the context's
      // binding reports it with Boot's failure analysis. The bridge still takes the lines (its
      // own settings bound alone), so that report and the lines before it are records too.
      properties = bridgeSettingsOnly(environment);
      if (properties == null) {
        return;
      }
    }
    if (!properties.isEnabled() || !properties.getBridge().getSlf4j().isEnabled()) {
      return;
    }
    synchronized (this) {
      if (uninstallBridge != null) {
        return;
      }
      replaceConsole = properties.getBridge().getSlf4j().isReplaceConsole();
      bridgeEnabled = true;
      uninstallBridge = LogbackSupport.install(replaceConsole, this::logbackReconfigured);
      if (!DagstackLoggerConfigurer.anyActive()) {
        buffer = new PreConfigurationBuffer();
        Logger.configure(LoggerConfigurationFactory.buffering(properties, environment, buffer));
      }
    }
  }

  /**
   * The defaults with {@code dagstack.logger.enabled} and {@code dagstack.logger.bridge.*} bound,
   * or {@code null} when those do not bind either.
   */
  private static DagstackLoggerProperties bridgeSettingsOnly(Environment environment) {
    DagstackLoggerProperties properties = new DagstackLoggerProperties();
    try {
      Binder binder = Binder.get(environment);
      binder.bind(DagstackLoggerProperties.PREFIX + ".enabled", Boolean.class)
          .ifBound(properties::setEnabled);
      binder.bind(DagstackLoggerProperties.PREFIX + ".bridge",
          Bindable.ofInstance(properties.getBridge()));
      return properties;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Boot calls this before the application's beans are destroyed (and when startup fails). A
   * configurer that took the bridge over keeps it until it closes, after the last bean; without
   * one (startup failed before the sinks existed) the held records are written to a console sink
   * so that nothing logged is lost, and the bridge is detached.
   */
  @Override
  public void cleanUp() {
    Runnable uninstall;
    PreConfigurationBuffer held;
    synchronized (this) {
      uninstall = uninstallBridge;
      held = buffer;
      uninstallBridge = null;
      buffer = null;
    }
    if (failed && bridgeEnabled && failureConsole == null) {
      keepBridgeForFailureReport(held, uninstall);
    } else {
      if (held != null) {
        DagstackLoggerConfigurer.releaseUnconfigured(held);
      }
      if (uninstall != null) {
        uninstall.run();
      }
    }
    if (!sharedLogback) {
      delegate.cleanUp();
    }
  }

  /**
   * The application failed to start: Boot logs its "APPLICATION FAILED TO START" report (and
   * "Error starting ApplicationContext") after this clean-up, through commons-logging/SLF4J. So
   * the bridge stays attached (or is attached again, when the configurer that took it over has
   * closed with the context) and the dagstack logger writes to a console sink in auto mode, the
   * held startup records first; both end when the JVM shuts down ({@link #getShutdownHandler}).
   * The configured sinks are closed by then (the context's beans are destroyed first).
   */
  private void keepBridgeForFailureReport(PreConfigurationBuffer held, Runnable uninstall) {
    ConsoleSink console = ConsoleSink.auto();
    List<dev.dagstack.logger.record.LogRecord> records = List.of();
    if (held != null) {
      if (LoggerProvider.global().configuration().sinks().contains(held)) {
        Logger.reset();
      }
      records = held.drain();
    }
    if (DagstackLoggerConfigurer.anyActive()) {
      // Another application's configuration is in effect in this JVM: leave it alone.
      records.forEach(console::emit);
      console.close();
      if (uninstall != null) {
        uninstall.run();
      }
      return;
    }
    // What the properties set that applies to records (resource, redaction, the processor chain)
    // applies to the held records and to the failure report too: a body pattern that masks a
    // secret in a normal run masks it in a failed one.
    Logger.configure(failureConfiguration(console));
    records.forEach(LoggerProvider.global()::replay);
    synchronized (this) {
      failureConsole = console;
      failureBridge = uninstall != null ? uninstall
          : LogbackSupport.install(replaceConsole, this::logbackReconfigured);
    }
  }

  /**
   * A failed start's configuration: {@code console} at INFO, with the resource, redaction and
   * processors the properties set when they bind and build (the start may have failed on them),
   * else with the defaults.
   */
  private dev.dagstack.logger.LoggerConfiguration failureConfiguration(ConsoleSink console) {
    Environment settings = environment;
    if (settings != null) {
      try {
        DagstackLoggerProperties properties = SinkSettingsBindHandler.bind(Binder.get(settings));
        return LoggerConfigurationFactory.common(properties, settings)
            .processors(LoggerConfigurationFactory.processors(properties))
            .rootLevel(Severity.INFO).sinks(console).build();
      } catch (RuntimeException e) {
        // The failure report says what is wrong with them.
      }
    }
    return dev.dagstack.logger.LoggerConfiguration.builder()
        .rootLevel(Severity.INFO).sinks(console).build();
  }

  /**
   * The system Boot initialised with {@code environment} (an application context's own), or
   * {@code null} when none was.
   */
  static DagstackLoggingSystem of(Environment environment) {
    return BY_ENVIRONMENT.get(environment);
  }

  /** Marks the application of this JVM's latest started system as failed to start. */
  static void startupFailed() {
    DagstackLoggingSystem system = current;
    if (system != null) {
      system.failed = true;
    }
  }

  /** Ends the failure report of the latest started system, if any (tests). */
  static void endFailureReport() {
    DagstackLoggingSystem system = current;
    if (system != null) {
      system.closeFailureReport();
    }
  }

  /** Ends the failure report's console and bridge (JVM shutdown, or the next start). */
  private void closeFailureReport() {
    ConsoleSink console;
    Runnable bridge;
    synchronized (this) {
      console = failureConsole;
      bridge = failureBridge;
      failureConsole = null;
      failureBridge = null;
    }
    if (console == null) {
      return;
    }
    if (LoggerProvider.global().configuration().sinks().contains(console)) {
      Logger.reset();
    }
    if (bridge != null) {
      bridge.run();
    }
    console.close();
  }

  /**
   * Hands the attached bridge and the held records to a configurer, which writes the records to
   * its sinks and detaches the bridge when it closes.
   *
   * @return the bridge's detach action (or {@code null} when this system attached none) and the
   *     buffer (or {@code null})
   */
  synchronized Handover handOver() {
    Handover handover = new Handover(uninstallBridge, buffer);
    uninstallBridge = null;
    buffer = null;
    return handover;
  }

  /** What {@link #handOver} gives the configurer. */
  record Handover(Runnable uninstallBridge, PreConfigurationBuffer buffer) {}

  /** Where level changes go besides the wrapped system (the active configurer), or {@code null}. */
  void setLevelListener(BiConsumer<String, Integer> listener) {
    this.levelListener = listener;
  }

  /**
   * The provider whose loggers {@link #getLoggerConfigurations} lists besides Logback's (the
   * active configurer's, which may be the context's own), or {@code null} for the global one.
   */
  void setProvider(LoggerProvider provider) {
    this.provider = provider;
  }

  private LoggerProvider provider() {
    LoggerProvider own = provider;
    return own != null ? own : LoggerProvider.global();
  }

  BiConsumer<String, Integer> levelListener() {
    return levelListener;
  }

  /** The levels set through this system, as severities, by logger name ({@code ""} is the root). */
  Map<String, Integer> severities() {
    Map<String, Integer> severities = new LinkedHashMap<>();
    levels.forEach((name, level) -> severities.put(name, severity(level)));
    return severities;
  }

  @Override
  public Set<LogLevel> getSupportedLogLevels() {
    return delegate.getSupportedLogLevels();
  }

  @Override
  public void setLogLevel(String loggerName, LogLevel level) {
    String name = loggerName == null || ROOT_LOGGER_NAME.equalsIgnoreCase(loggerName) ? "" : loggerName;
    delegate.setLogLevel(loggerName, level);
    if (level == null) {
      levels.remove(name);
      setNames.remove(name);
    } else {
      levels.put(name, level);
      setNames.add(name);
    }
    BiConsumer<String, Integer> listener = levelListener;
    if (listener != null) {
      listener.accept(name, level == null ? null : severity(level));
    }
  }

  /**
   * After Logback's configuration was applied again while the bridge is attached (a scanned
   * {@code logback-spring.xml} reloaded): the levels set through this system are given to
   * Logback again, and the new configuration's levels are this system's for the other names.
   */
  private void logbackReconfigured(Map<String, LogLevel> configured) {
    logbackConfigurationLevels = configured;
    BiConsumer<String, Integer> listener = levelListener;
    for (String name : List.copyOf(levels.keySet())) {
      if (!setNames.contains(name) && !configured.containsKey(name)) {
        levels.remove(name);
        if (listener != null) {
          listener.accept(name, null);
        }
      }
    }
    configured.forEach((name, level) -> {
      if (!setNames.contains(name) && levels.put(name, level) != level && listener != null) {
        listener.accept(name, severity(level));
      }
    });
    for (String name : setNames) {
      LogLevel level = levels.get(name);
      if (level != null) {
        delegate.setLogLevel(name.isEmpty() ? ROOT_LOGGER_NAME : name, level);
      }
    }
  }

  @Override
  public List<LoggerConfiguration> getLoggerConfigurations() {
    List<LoggerConfiguration> all = new ArrayList<>(delegate.getLoggerConfigurations());
    java.util.Set<String> known = new java.util.HashSet<>();
    all.forEach(configuration -> known.add(configuration.getName()));
    for (String name : provider().cachedNames()) {
      if (!name.isEmpty() && !known.contains(name)) {
        all.add(dagstackConfiguration(name));
      }
    }
    all.sort((a, b) -> ROOT_LOGGER_NAME.equals(a.getName()) ? -1
        : ROOT_LOGGER_NAME.equals(b.getName()) ? 1 : a.getName().compareTo(b.getName()));
    return all;
  }

  @Override
  public LoggerConfiguration getLoggerConfiguration(String loggerName) {
    LoggerConfiguration configuration = delegate.getLoggerConfiguration(loggerName);
    if (configuration != null || loggerName == null) {
      return configuration;
    }
    LoggerProvider loggers = provider();
    boolean dagstack = loggers.cachedNames().contains(loggerName)
        || loggers.configuration().levels().containsKey(loggerName);
    return dagstack ? dagstackConfiguration(loggerName) : null;
  }

  private LoggerConfiguration dagstackConfiguration(String name) {
    LoggerProvider loggers = provider();
    Integer configured = loggers.configuration().levels().get(name);
    return new LoggerConfiguration(name, configured == null ? null : logLevel(configured),
        logLevel(loggers.get(name).level()));
  }

  @Override
  public Runnable getShutdownHandler() {
    Runnable delegateHandler = delegate.getShutdownHandler();
    return () -> {
      closeFailureReport();
      if (delegateHandler != null) {
        delegateHandler.run();
      }
    };
  }

  /** Boot's level as a severity number: TRACE 1, DEBUG 5, INFO 9, WARN 13, ERROR 17, FATAL 21, OFF 24. */
  static int severity(LogLevel level) {
    return switch (level) {
      case TRACE -> Severity.TRACE;
      case DEBUG -> Severity.DEBUG;
      case INFO -> Severity.INFO;
      case WARN -> Severity.WARN;
      case ERROR -> Severity.ERROR;
      case FATAL -> Severity.FATAL;
      case OFF -> Severity.MAX;
    };
  }

  /** The Boot level of a severity's bucket. */
  static LogLevel logLevel(int severity) {
    if (severity < Severity.DEBUG) {
      return LogLevel.TRACE;
    }
    if (severity < Severity.INFO) {
      return LogLevel.DEBUG;
    }
    if (severity < Severity.WARN) {
      return LogLevel.INFO;
    }
    if (severity < Severity.ERROR) {
      return LogLevel.WARN;
    }
    return severity < Severity.FATAL ? LogLevel.ERROR : LogLevel.FATAL;
  }

  /**
   * Wraps the logging system the other factories of {@code spring.factories} choose. Ordered
   * first, so that Boot's {@code LoggingSystem.get} finds it before its own factories.
   */
  public static final class Factory implements LoggingSystemFactory, Ordered {

    @Override
    public LoggingSystem getLoggingSystem(ClassLoader classLoader) {
      for (LoggingSystemFactory factory :
          SpringFactoriesLoader.loadFactories(LoggingSystemFactory.class, classLoader)) {
        if (factory instanceof Factory) {
          continue;
        }
        LoggingSystem system = factory.getLoggingSystem(classLoader);
        if (system != null) {
          return new DagstackLoggingSystem(system);
        }
      }
      return null;
    }

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE;
    }
  }

  /**
   * How many application contexts run the starter now: from two on, the dagstack levels of each
   * context decide its SLF4J events instead of Logback's process-wide levels, until none runs.
   */
  static void contextsRunning(int running) {
    if (!LOGBACK_PRESENT) {
      return;
    }
    if (running >= 2) {
      LogbackSupport.perContextLevels(true);
    } else if (running == 0) {
      LogbackSupport.perContextLevels(false);
    }
  }

  /** Logback-specific calls, in their own class so that a Log4j2 application never loads them. */
  private static final class LogbackSupport {
    static boolean anyBridgeInstalled() {
      return dev.dagstack.logger.spring.logback.LogbackBridge.anyInstalled();
    }

    static void perContextLevels(boolean on) {
      dev.dagstack.logger.spring.logback.ScopeThresholdTurboFilter.perContextLevels(on);
    }

    /** The levels Logback's configuration set, by logger name ({@code ""} is the root). */
    static Map<String, LogLevel> configuredLevels() {
      return org.slf4j.LoggerFactory.getILoggerFactory()
          instanceof ch.qos.logback.classic.LoggerContext context
          ? asLogLevels(dev.dagstack.logger.spring.logback.LogbackBridge.configuredLevels(context))
          : Map.of();
    }

    /** Logback's levels by Logback logger name as Boot's, by dagstack name. */
    static Map<String, LogLevel> asLogLevels(Map<String, ch.qos.logback.classic.Level> levels) {
      Map<String, LogLevel> converted = new LinkedHashMap<>();
      levels.forEach((name, level) -> converted.put(
          ROOT_LOGGER_NAME.equalsIgnoreCase(name) ? "" : name, logLevel(level)));
      return converted;
    }

    /** Boot's level of the same name (Logback's ALL, which Boot has not, is TRACE). */
    private static LogLevel logLevel(ch.qos.logback.classic.Level level) {
      return level == ch.qos.logback.classic.Level.ALL ? LogLevel.TRACE
          : LogLevel.valueOf(level.levelStr);
    }

    static Runnable install(boolean replaceConsole, Consumer<Map<String, LogLevel>> reconfigured) {
      dev.dagstack.logger.spring.logback.LogbackBridge bridge =
          new dev.dagstack.logger.spring.logback.LogbackBridge(replaceConsole, Map.of(),
              levels -> reconfigured.accept(asLogLevels(levels)));
      bridge.install();
      return bridge::uninstall;
    }
  }
}
