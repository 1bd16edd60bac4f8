package dev.dagstack.logger.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Levels a {@code logback-spring.xml} sets are levels of the dagstack logger too: what Logback
 * lets through (and {@code isDebugEnabled()} promises) is written, and {@code logging.level.*}
 * still wins over the file.
 */
class LogbackConfigurationLevelsTest {

  private static List<String> run(boolean debugEnabled, String... extra) {
    String[] args = new String[extra.length + 5];
    args[0] = "--spring.main.web-application-type=none";
    args[1] = "--spring.main.banner-mode=off";
    args[2] = "--logging.config=classpath:logback/levels.xml";
    args[3] = "--dagstack.logger.sinks.memory.type=in-memory";
    args[4] = "--dagstack.logger.sinks.memory.capacity=1000";
    System.arraycopy(extra, 0, args, 5, extra.length);
    try (ConfigurableApplicationContext context = new SpringApplication(LevelApp.class).run(args)) {
      org.slf4j.Logger verbose = LoggerFactory.getLogger("com.example.xmllevels.Repository");
      assertThat(verbose.isDebugEnabled()).isEqualTo(debugEnabled);
      verbose.debug("debug of a logger the file sets to DEBUG");
      LoggerFactory.getLogger("com.example.xmlquiet.Poller").info("info of a logger at WARN");
      dev.dagstack.logger.Logger.get("com.example.xmllevels.Service")
          .debug("dagstack debug under the file's DEBUG");
      return context.getBean(InMemorySink.class).records().stream()
          .map(LogRecord::bodyText).toList();
    }
  }

  @Test
  void aLevelOfTheLogbackFileIsTheDagstackLevelOfThatName() {
    assertThat(run(true)).contains("debug of a logger the file sets to DEBUG",
        "dagstack debug under the file's DEBUG").doesNotContain("info of a logger at WARN");
  }

  @Test
  void aSecondRunningApplicationHasTheLevelsOfTheFileToo() throws Exception {
    String[] args = {"--spring.main.web-application-type=none", "--spring.main.banner-mode=off",
        "--logging.config=classpath:logback/levels.xml",
        "--dagstack.logger.sinks.memory.type=in-memory"};
    try (ConfigurableApplicationContext first = new SpringApplication(LevelApp.class).run(args);
        ConfigurableApplicationContext second = new SpringApplication(LevelApp.class).run(args)) {
      // A thread outside any request writes to the context started last.
      Thread thread = new Thread(() -> {
        LoggerFactory.getLogger("com.example.xmllevels.Repository").debug("second's debug");
        LoggerFactory.getLogger("com.example.xmlquiet.Poller").info("second's quiet info");
      });
      thread.start();
      thread.join();
      assertThat(second.getBean(InMemorySink.class).records()).extracting(LogRecord::bodyText)
          .contains("second's debug").doesNotContain("second's quiet info");
    }
  }

  @Test
  void afterTheFileIsAppliedAgainBootsLevelsStillHoldAndTheFilesNewLevelsApply()
      throws Exception {
    try (ConfigurableApplicationContext context = new SpringApplication(LevelApp.class).run(
        "--spring.main.web-application-type=none", "--spring.main.banner-mode=off",
        "--logging.config=classpath:logback/levels.xml",
        "--logging.level.com.example.reload=debug",
        "--dagstack.logger.sinks.memory.type=in-memory")) {
      reloadLogback("/logback/levels-reloaded.xml");

      LoggerFactory.getLogger("com.example.reload.Job").debug("Boot's level, after the reload");
      LoggerFactory.getLogger("com.example.xmlquiet.Poller").debug("the file's new level");
      LoggerFactory.getLogger("com.example.xmllevels.Repository").debug("a level the file dropped");
      assertThat(context.getBean(InMemorySink.class).records()).extracting(LogRecord::bodyText)
          .contains("Boot's level, after the reload", "the file's new level")
          .doesNotContain("a level the file dropped");
    }
  }

  @Test
  void afterTheFileIsAppliedAgainEachRunningApplicationKeepsItsOwnLevels() throws Exception {
    String[] common = {"--spring.main.web-application-type=none", "--spring.main.banner-mode=off",
        "--logging.config=classpath:logback/levels.xml",
        "--dagstack.logger.sinks.memory.type=in-memory"};
    String[] firstArgs = java.util.Arrays.copyOf(common, common.length + 1);
    firstArgs[common.length] = "--logging.level.com.example.firstonly=debug";
    try (ConfigurableApplicationContext first = new SpringApplication(LevelApp.class).run(firstArgs);
        ConfigurableApplicationContext second = new SpringApplication(LevelApp.class).run(common)) {
      reloadLogback("/logback/levels-reloaded.xml");

      // A thread outside any request writes to the context started last: the second, whose
      // levels do not include the first one's logging.level.
      Thread thread = new Thread(() -> {
        LoggerFactory.getLogger("com.example.firstonly.Job").debug("the first's level");
        dev.dagstack.logger.Logger.get("com.example.firstonly.Task").debug("the first's, again");
        LoggerFactory.getLogger("com.example.xmlquiet.Poller").debug("the file's new level");
      });
      thread.start();
      thread.join();
      assertThat(second.getBean(InMemorySink.class).records()).extracting(LogRecord::bodyText)
          .contains("the file's new level")
          .doesNotContain("the first's level", "the first's, again");
    }
  }

  @Test
  void loggingLevelStillWinsOverTheFile() {
    assertThat(run(false, "--logging.level.com.example.xmlquiet=info",
        "--logging.level.com.example.xmllevels=info"))
        .contains("info of a logger at WARN")
        .doesNotContain("debug of a logger the file sets to DEBUG",
            "dagstack debug under the file's DEBUG");
  }

  /** What a reload of a scanned logback-spring.xml does: reset, then configure from the file. */
  private static void reloadLogback(String resource) throws Exception {
    ch.qos.logback.classic.LoggerContext logback =
        (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.joran.JoranConfigurator configurator =
        new ch.qos.logback.classic.joran.JoranConfigurator();
    configurator.setContext(logback);
    logback.reset();
    configurator.doConfigure(LogbackConfigurationLevelsTest.class.getResource(resource));
  }
}
