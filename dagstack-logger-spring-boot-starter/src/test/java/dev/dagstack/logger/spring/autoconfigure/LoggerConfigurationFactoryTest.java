package dev.dagstack.logger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerGroups;
import org.springframework.mock.env.MockEnvironment;

/** Levels from the properties, with Boot's logger groups expanded the same way on both paths. */
class LoggerConfigurationFactoryTest {

  private final LoggerGroups groups = new LoggerGroups(
      Map.of("web", List.of("org.springframework.web", "org.springframework.http")));
  private final MockEnvironment environment = new MockEnvironment()
      .withProperty("logging.level.root", "warn")
      .withProperty("logging.level.web", "debug")
      .withProperty("logging.level.empty", "error")
      .withProperty("logging.level.order_service", "trace");

  @Test
  void bothPathsExpandALoggerGroupToItsMembers() {
    groups.putAll(Map.of("empty", List.of()));
    DagstackLoggerProperties properties = new DagstackLoggerProperties();

    assertThat(LoggerConfigurationFactory.propertyLevels(properties, environment, groups))
        .containsOnly(
            Map.entry("", new LoggerConfigurationFactory.Wanted(LogLevel.WARN, Severity.WARN)),
            Map.entry("org.springframework.web",
                new LoggerConfigurationFactory.Wanted(LogLevel.DEBUG, Severity.DEBUG)),
            Map.entry("org.springframework.http",
                new LoggerConfigurationFactory.Wanted(LogLevel.DEBUG, Severity.DEBUG)),
            // A group without members is a logger name of its own.
            Map.entry("empty", new LoggerConfigurationFactory.Wanted(LogLevel.ERROR, Severity.ERROR)),
            Map.entry("order_service",
                new LoggerConfigurationFactory.Wanted(LogLevel.TRACE, Severity.TRACE)));
    assertThat(LoggerConfigurationFactory.severities(
        LoggerConfigurationFactory.propertyLevels(properties, environment, groups)))
        .containsOnly(
            Map.entry("", Severity.WARN),
            Map.entry("org.springframework.web", Severity.DEBUG),
            Map.entry("org.springframework.http", Severity.DEBUG),
            Map.entry("empty", Severity.ERROR),
            Map.entry("order_service", Severity.TRACE));
  }

  @Test
  void dagstackLevelsWinAndWithoutALoggingSystemAnOffIsLeftToLogback() {
    environment.withProperty("logging.level.quiet", "off")
        // Not a level Boot takes: left out on both paths alike.
        .withProperty("logging.level.odd", "5");
    DagstackLoggerProperties properties = new DagstackLoggerProperties();
    properties.setLevel("error");
    properties.setLoggers(Map.of("order_service", "18"));

    Map<String, LoggerConfigurationFactory.Wanted> wanted =
        LoggerConfigurationFactory.propertyLevels(properties, environment, groups);
    assertThat(wanted)
        .containsEntry("", new LoggerConfigurationFactory.Wanted(LogLevel.ERROR, Severity.ERROR))
        .containsEntry("order_service", new LoggerConfigurationFactory.Wanted(LogLevel.ERROR, 18))
        .containsEntry("quiet", new LoggerConfigurationFactory.Wanted(LogLevel.OFF, Severity.MAX))
        .doesNotContainKey("odd");
    assertThat(LoggerConfigurationFactory.severities(wanted))
        .containsEntry("", Severity.ERROR)
        .containsEntry("order_service", 18)
        .doesNotContainKeys("quiet", "odd");
  }
}
