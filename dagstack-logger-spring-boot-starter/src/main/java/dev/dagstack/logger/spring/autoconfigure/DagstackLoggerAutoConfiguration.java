package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.convention.ConventionsConfig;
import dev.dagstack.logger.context.TraceContextProvider;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.spring.LoggerName;
import java.lang.reflect.Member;
import java.util.Map;
import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.logging.LoggerGroups;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ApplicationContextEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.context.annotation.Scope;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Configures the dagstack logger from {@code dagstack.logger.*}: one {@link Sink} bean per
 * configured sink (or a console sink in auto mode), the application's own {@code Sink} beans
 * attached as well, and {@link Logger} injection.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = DagstackLoggerProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(DagstackLoggerProperties.class)
@Import(ConfiguredSinksRegistrar.class)
@ImportRuntimeHints(DagstackLoggerRuntimeHints.class)
public final class DagstackLoggerAutoConfiguration {

  /** Closes the configuration after the application's beans (see {@link DagstackLoggerShutdown}). */
  @Bean
  static DagstackLoggerShutdown dagstackLoggerShutdown() {
    return new DagstackLoggerShutdown();
  }

  /** Each sink's settings are bound by its own type only (see {@link SinkSettingsBindHandler}). */
  @Bean
  static ConfigurationPropertiesBindHandlerAdvisor dagstackSinkSettingsBindHandlerAdvisor() {
    return SinkSettingsBindHandler::new;
  }

  /**
   * The context's own logger provider (spec §3; OpenTelemetry's {@code SdkLoggerProvider} shape):
   * injected loggers come from it, the configurer applies {@code dagstack.logger.*} to it and
   * routes the global loggers to it while the context runs. Two contexts alive at once (the test
   * context cache, two applications in one JVM, a parent and its child) each write to their own
   * sinks: a child context gets a provider of its own from its own properties. A bean of the
   * application replaces it ({@link LoggerProvider#global()} restores the single, process-wide
   * configuration). Closed by the configurer, after the application's beans.
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
  LoggerProvider dagstackLoggerProvider() {
    // No sinks until the configurer applies the properties (a moment later, in the same refresh).
    return LoggerProvider.builder().configuration(LoggerConfiguration.builder().build()).build();
  }

  @Bean
  @ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
  DagstackLoggerConfigurer dagstackLoggerConfigurer(DagstackLoggerProperties properties,
      Environment environment, Map<String, Sink> sinks,
      ObjectProvider<TraceContextProvider> traceContextProvider,
      ObjectProvider<LoggerGroups> loggerGroups, ObjectProvider<LoggingSystem> loggingSystem,
      ObjectProvider<ConventionsConfig> conventions, ObjectProvider<RootSinkSource> rootSinkSources,
      DagstackLoggerShutdown shutdown, LoggerProvider loggerProvider,
      ConfigurableListableBeanFactory beanFactory) {
    LoggingSystem system = loggingSystem.getIfAvailable();
    if (system instanceof DagstackLoggingSystem && beanFactory.getParentBeanFactory() != null
        && !beanFactory.containsLocalBean(
            LoggingApplicationListener.LOGGING_SYSTEM_BEAN_NAME)) {
      // A child context: Boot registers the logging system bean in the parent only, but the
      // child's own system attached a bridge for it at startup, which this configurer takes.
      // Found by the child's Environment: another application may have started since.
      system = DagstackLoggingSystem.of(environment);
    }
    checkLoggingSystem(system, properties.getBridge().getSlf4j().isEnabled());
    // This context's own sinks only: a parent's Sink beans belong to the parent's configuration.
    Map<String, Sink> own = new java.util.LinkedHashMap<>(sinks);
    own.keySet().removeIf(name -> !beanFactory.containsLocalBean(name));
    DagstackLoggerConfigurer configurer = new DagstackLoggerConfigurer(properties, environment,
        own, traceContextProvider.getIfUnique(), loggerGroups.getIfAvailable(),
        system instanceof DagstackLoggingSystem dagstack ? dagstack : null,
        rootSinkSources.orderedStream().map(RootSinkSource::rootSink).toList(),
        conventions.getIfUnique(), loggerProvider, namedCustomizers(beanFactory));
    shutdown.register(configurer::close);
    return configurer;
  }

  /** This context's customizers in {@code @Order}, each with its bean name (for errors). */
  private static List<DagstackLoggerConfigurer.NamedCustomizer> namedCustomizers(
      ConfigurableListableBeanFactory beanFactory) {
    // orderedStream honours @Order on @Bean methods too; the local beans give the names.
    Map<LoggerConfigurationCustomizer, String> names = new java.util.IdentityHashMap<>();
    beanFactory.getBeansOfType(LoggerConfigurationCustomizer.class)
        .forEach((name, customizer) -> names.put(customizer, name));
    return beanFactory.getBeanProvider(LoggerConfigurationCustomizer.class).orderedStream()
        .filter(names::containsKey)
        .map(customizer -> new DagstackLoggerConfigurer.NamedCustomizer(names.get(customizer),
            customizer))
        .toList();
  }

  /**
   * The context's startup and shutdown lines (Tomcat started, graceful shutdown, what
   * {@code @PreDestroy} logs) go through its own configuration, even while another application
   * context runs in the JVM: the configurer binds its provider to the refreshing thread until the
   * context is refreshed, and to the closing thread from the start of its close.
   */
  @Bean
  static ApplicationListener<ApplicationContextEvent> dagstackLifecycleBinding(
      ObjectProvider<DagstackLoggerConfigurer> configurer, ApplicationContext context) {
    return event -> {
      if (event.getApplicationContext() != context) {
        return;
      }
      DagstackLoggerConfigurer own = configurer.getIfAvailable();
      if (own == null) {
        return;
      }
      if (event instanceof ContextRefreshedEvent) {
        own.started();
      } else if (event instanceof ContextClosedEvent) {
        own.closing();
      }
    };
  }

  /**
   * The SLF4J bridge works through Logback: an application whose logging system is another one
   * (spring-boot-starter-log4j2) fails at startup with what to do, instead of silently logging
   * SLF4J beside the dagstack sinks.
   */
  static void checkLoggingSystem(LoggingSystem system, boolean bridgeEnabled) {
    LoggingSystem actual = system instanceof DagstackLoggingSystem dagstack ? dagstack.delegate() : system;
    if (!bridgeEnabled || actual == null
        || actual.getClass().getName().equals("org.springframework.boot.logging.logback.LogbackLoggingSystem")) {
      return;
    }
    throw new InvalidDagstackLoggerPropertyException(
        DagstackLoggerProperties.PREFIX + ".bridge.slf4j.enabled", "true",
        "the SLF4J bridge needs Logback, but the application's logging system is "
            + actual.getClass().getSimpleName() + ". Either use Logback (exclude"
            + " spring-boot-starter-log4j2 and depend on spring-boot-starter-logging), or set "
            + DagstackLoggerProperties.PREFIX + ".bridge.slf4j.enabled=false to keep SLF4J output"
            + " in " + actual.getClass().getSimpleName() + " beside the dagstack sinks");
  }

  /**
   * The logger for an injection point: named by {@link LoggerName}, else after the class that
   * declares the field or constructor. Prototype-scoped, so each injection point gets its own
   * (cached per name by the logger provider).
   */
  @Bean(destroyMethod = "")
  @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
  @ConditionalOnMissingBean(value = Logger.class, search = SearchStrategy.CURRENT)
  Logger dagstackLogger(InjectionPoint injectionPoint, LoggerProvider loggerProvider) {
    LoggerName annotation = injectionPoint == null ? null : injectionPoint.getAnnotation(LoggerName.class);
    if (annotation != null) {
      return StringUtils.hasText(annotation.version())
          ? loggerProvider.get(annotation.value(), annotation.version())
          : loggerProvider.get(annotation.value());
    }
    Member member = injectionPoint == null ? null : injectionPoint.getMember();
    return member == null ? loggerProvider.root()
        : loggerProvider.get(member.getDeclaringClass().getName());
  }

  /**
   * A WebFlux application without {@code io.micrometer:context-propagation}: the request scope
   * cannot follow Reactor's thread hops, so the starter registers no WebFlux request filter.
   * Said once at startup instead of silently missing {@code request.id}.
   */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  @org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication(
      type = org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type.REACTIVE)
  @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass(
      "io.micrometer.context.ContextRegistry")
  static class WebFluxWithoutContextPropagation {
    @Bean
    org.springframework.beans.factory.InitializingBean dagstackWebFluxScopeWarning() {
      return () -> dev.dagstack.logger.diagnostic.Diagnostics.warn("WebFlux requests get no"
          + " request scope (request.id, debug capture): add io.micrometer:context-propagation"
          + " to the classpath, which carries it across Reactor's thread hops");
    }
  }
}
