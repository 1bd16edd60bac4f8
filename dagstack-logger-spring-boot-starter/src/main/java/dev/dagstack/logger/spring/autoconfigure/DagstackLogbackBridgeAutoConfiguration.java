package dev.dagstack.logger.spring.autoconfigure;

import ch.qos.logback.classic.LoggerContext;
import dev.dagstack.logger.spring.logback.LogbackBridge;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Routes SLF4J events (through Logback) into the dagstack logger of the same name.
 *
 * <p>In an application started by {@code SpringApplication}, Boot's logging system is
 * {@link DagstackLoggingSystem}: it attached the bridge when the environment was prepared and
 * keeps Logback's levels, and this configuration adds nothing. Otherwise (a context started
 * without Boot's logging system, such as an {@code ApplicationContextRunner}) the bridge is
 * attached when this bean is created and detached when the context closes, and
 * {@code dagstack.logger.level} / {@code dagstack.logger.loggers.*} set Logback's level of the
 * names they set, so that a dagstack level of DEBUG is not cut off by Logback first.
 */
@AutoConfiguration(after = DagstackLoggerAutoConfiguration.class)
@ConditionalOnClass(LoggerContext.class)
@ConditionalOnBean(DagstackLoggerConfigurer.class)
@ConditionalOnBooleanProperty(name = DagstackLoggerProperties.PREFIX + ".bridge.slf4j.enabled",
    matchIfMissing = true)
public final class DagstackLogbackBridgeAutoConfiguration {

  @Bean
  InstalledLogbackBridge dagstackLogbackBridge(DagstackLoggerConfigurer configurer,
      DagstackLoggerProperties properties, ObjectProvider<LoggingSystem> loggingSystem) {
    if (loggingSystem.getIfAvailable() instanceof DagstackLoggingSystem dagstack && dagstack.isLogback()) {
      // Boot's logging system attached the bridge when the environment was prepared and keeps
      // Logback's levels; the configurer detaches it after the last bean.
      return new InstalledLogbackBridge(null);
    }
    LogbackBridge bridge = new LogbackBridge(properties.getBridge().getSlf4j().isReplaceConsole(),
        LoggerConfigurationFactory.dagstackLevels(properties));
    bridge.install();
    return new InstalledLogbackBridge(bridge);
  }

  /** Ties the bridge to the context's lifecycle. */
  static final class InstalledLogbackBridge implements DisposableBean {
    private final LogbackBridge bridge;

    InstalledLogbackBridge(LogbackBridge bridge) {
      this.bridge = bridge;
    }

    @Override
    public void destroy() {
      if (bridge != null) {
        bridge.uninstall();
      }
    }
  }
}
