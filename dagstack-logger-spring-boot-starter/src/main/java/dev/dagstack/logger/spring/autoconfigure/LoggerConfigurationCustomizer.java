package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.LoggerConfiguration;

/**
 * Customizes the core configuration the starter builds from {@code dagstack.logger.*} (spec §9),
 * after the properties are applied and before it is validated and applied to the context's
 * {@code LoggerProvider}: add processors or sinks, resource attributes, per-logger sinks, the
 * trace-context source... Declare beans of this type; they run in {@code @Order} order.
 *
 * <p>Called again on every rebuild from the properties (a {@code DagstackLoggerRefreshEvent}),
 * each time on a fresh builder, so a customizer must
 * give the same result every time and must not create sinks each call (create them once, e.g. as
 * fields of the bean). Levels are better set with {@code logging.level.*}, which Boot's logging
 * system and {@code /actuator/loggers} know about; a level set here wins over them. A customizer
 * that leaves an invalid configuration fails startup with the core's message.
 */
@FunctionalInterface
public interface LoggerConfigurationCustomizer {

  /** Customizes {@code builder}, which holds the configuration built from the properties. */
  void customize(LoggerConfiguration.Builder builder);
}
