package dev.dagstack.logger.spring.autoconfigure;

import ch.qos.logback.classic.LoggerContext;
import dev.dagstack.logger.spring.logback.LogbackBridge;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;

/**
 * Routes SLF4J events (through Logback) into the dagstack logger of the same name. The bridge is
 * attached when this bean is created, early in the context refresh, and detached when the
 * context closes (before the sinks are closed, as it depends on the configurer).
 *
 * <p>Levels: Logback rejects an event first ({@code logging.level.*}), then the dagstack logger
 * applies its level. {@code dagstack.logger.level} and {@code dagstack.logger.loggers.*} win for
 * the names they set: the bridge sets Logback's level of those loggers to match.
 */
@AutoConfiguration(after = DagstackLoggerAutoConfiguration.class)
@ConditionalOnClass(LoggerContext.class)
@ConditionalOnBean(DagstackLoggerConfigurer.class)
@ConditionalOnBooleanProperty(name = DagstackLoggerProperties.PREFIX + ".bridge.slf4j.enabled",
    matchIfMissing = true)
public class DagstackLogbackBridgeAutoConfiguration {

  @Bean
  InstalledLogbackBridge dagstackLogbackBridge(DagstackLoggerConfigurer configurer,
      DagstackLoggerProperties properties, ObjectProvider<LoggingSystem> loggingSystem) {
    if (loggingSystem.getIfAvailable() instanceof DagstackLoggingSystem dagstack && dagstack.isLogback()) {
      // Boot's logging system attached the bridge when the environment was prepared and keeps
      // Logback's levels; the configurer detaches it after the last bean.
      return new InstalledLogbackBridge(null);
    }
    Map<String, Integer> levels = new LinkedHashMap<>();
    if (StringUtils.hasText(properties.getLevel())) {
      levels.put("", DagstackLoggerConfigurer.level(DagstackLoggerProperties.PREFIX + ".level",
          properties.getLevel()));
    }
    properties.getLoggers().forEach((name, value) -> levels.put(name,
        DagstackLoggerConfigurer.level(DagstackLoggerProperties.PREFIX + ".loggers." + name, value)));
    LogbackBridge bridge = new LogbackBridge(
        properties.getBridge().getSlf4j().isReplaceConsole(), levels);
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
