package dev.dagstack.logger.spring.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.record.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The per-context decision: each thread-bound provider's own levels decide, a
 * level change is seen by the next event, and the global loggers' decision is theirs.
 */
class ScopeThresholdTurboFilterTest {

  private static final String NAME = "com.example.turbo.Service";

  private final LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final ch.qos.logback.classic.Logger service = logback.getLogger(NAME);
  private final ch.qos.logback.classic.Logger root =
      logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ScopeThresholdTurboFilter filter = new ScopeThresholdTurboFilter();
  private final LoggerProvider chatty = provider(Severity.INFO, Severity.DEBUG);
  private final LoggerProvider quiet = provider(Severity.ERROR, Severity.WARN);

  private static LoggerProvider provider(int root, int service) {
    return LoggerProvider.builder().configuration(LoggerConfiguration.builder()
        .rootLevel(root).level(NAME, service).build()).build();
  }

  @AfterEach
  void close() {
    chatty.close();
    quiet.close();
  }

  private boolean enabledIn(LoggerProvider provider, ch.qos.logback.classic.Logger logger,
      Level level) {
    try (LoggerProvider.Binding bound = provider.makeCurrent()) {
      return filter.enabledInContext(logger, level);
    }
  }

  @Test
  void eachBoundProviderDecidesWithItsOwnLevelsEventAfterEvent() {
    for (int i = 0; i < 3; i++) {
      assertThat(enabledIn(chatty, service, Level.DEBUG)).isTrue();
      assertThat(enabledIn(quiet, service, Level.DEBUG)).isFalse();
      assertThat(enabledIn(quiet, service, Level.INFO)).isFalse();
      assertThat(enabledIn(quiet, service, Level.WARN)).isTrue();
      // Logback's ROOT is the dagstack root.
      assertThat(enabledIn(chatty, root, Level.INFO)).isTrue();
      assertThat(enabledIn(quiet, root, Level.WARN)).isFalse();
    }
  }

  @Test
  void aLevelChangeDecidesTheNextEvent() {
    assertThat(enabledIn(chatty, service, Level.DEBUG)).isTrue();
    chatty.reconfigure(LoggerConfiguration.builder().rootLevel(Severity.INFO)
        .level(NAME, Severity.ERROR).build());
    assertThat(enabledIn(chatty, service, Level.WARN)).isFalse();
    chatty.reconfigure(LoggerConfiguration.builder().rootLevel(Severity.INFO).build());
    assertThat(enabledIn(chatty, service, Level.INFO)).isTrue();
    assertThat(enabledIn(chatty, service, Level.DEBUG)).isFalse();
  }

  @Test
  void withoutABindingTheGlobalLoggersDecide() {
    // Levels of their own, unlike both providers' (chatty: DEBUG, quiet: WARN for the service):
    // the answers below could come from the global loggers only.
    dev.dagstack.logger.Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.ERROR)
        .level(NAME, Severity.TRACE).build());
    try {
      for (Level level : new Level[] {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN}) {
        assertThat(enabledIn(quiet, service, level)).isEqualTo(level == Level.WARN);
        assertThat(enabledIn(chatty, service, level)).isEqualTo(level != Level.TRACE);
        assertThat(filter.enabledInContext(service, level)).as(level.toString()).isTrue();
        assertThat(filter.enabledInContext(root, level)).as("root " + level).isFalse();
      }
      assertThat(filter.enabledInContext(root, Level.ERROR)).isTrue();
      dev.dagstack.logger.Logger.reconfigure(LoggerConfiguration.builder()
          .rootLevel(Severity.ERROR).build());
      assertThat(filter.enabledInContext(service, Level.WARN))
          .as("a change of the global levels decides the next event").isFalse();
    } finally {
      dev.dagstack.logger.Logger.reset();
    }
  }
}
