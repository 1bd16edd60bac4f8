package dev.dagstack.logger.spring.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.ConsoleSink;
import dev.dagstack.logger.sink.FileSink;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.spring.autoconfigure.DagstackLoggerAutoConfiguration;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Custom sink types (ServiceLoader and bean), the test helper, and profile overrides of one sink. */
class SinkTypeTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DagstackLoggerAutoConfiguration.class));

  @AfterEach
  void reset() {
    Logger.reset();
  }

  @Test
  void aServiceLoaderTypeIsSelectedByNameWithTypedSettings() {
    runner.withPropertyValues("dagstack.logger.sinks.audit.type=tagged",
        "dagstack.logger.sinks.audit.tag=AUDIT", "dagstack.logger.sinks.audit.capacity=2",
        "dagstack.logger.sinks.audit.min-severity=warn").run(context -> {
          assertThat(context).hasNotFailed();
          InMemorySink audit = context.getBean("dagstack.logger.sinks.audit", InMemorySink.class);
          assertThat(audit.id()).isEqualTo("audit");
          Logger.get("custom").info("below");
          Logger.get("custom").warn("kept");
          assertThat(audit.records()).extracting(LogRecord::body).containsExactly("kept");
        });
  }

  @Test
  void aBeanTypeWorksAndItsProblemsNameTheProperty() {
    runner.withUserConfiguration(BeanType.class)
        .withPropertyValues("dagstack.logger.sinks.counted.type=counting",
            "dagstack.logger.sinks.counted.tag=x")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean("dagstack.logger.sinks.counted", Sink.class).id())
              .isEqualTo("counted");
        });
    runner.withPropertyValues("dagstack.logger.sinks.audit.type=tagged",
        "dagstack.logger.sinks.audit.tagg=AUDIT").run(context -> assertThat(context)
            .getFailure().rootCause().hasMessageContaining("dagstack.logger.sinks.audit.tagg")
            .hasMessageContaining("did you mean dagstack.logger.sinks.audit.tag?"));
    runner.withPropertyValues("dagstack.logger.sinks.audit.type=tagged").run(context ->
        assertThat(context).getFailure().rootCause()
            .hasMessageContaining("for dagstack.logger.sinks.audit.tag: a non-empty tag"));
    runner.withPropertyValues("dagstack.logger.sinks.audit.type=taged").run(context ->
        assertThat(context).getFailure().rootCause()
            .hasMessageContaining("did you mean tagged?"));
  }

  @Test
  void aCustomTypeSettingNamedLikeABuiltInOneBindsToItsOwnSettingsClassOnly() {
    runner.withUserConfiguration(ClashingType.class)
        .withPropertyValues("dagstack.logger.sinks.fast.type=clashing",
            "dagstack.logger.sinks.fast.mode=FAST", "dagstack.logger.sinks.fast.stream=queue-7",
            "dagstack.logger.sinks.fast.overflow=spill", "dagstack.logger.sinks.fast.keep=all",
            "dagstack.logger.sinks.fast.max-bytes=12345",
            "dagstack.logger.sinks.fast.headers.x-tenant=t-1")
        .run(context -> {
          assertThat(context).hasNotFailed();
          ClashingSinkType.Settings settings = context.getBean(ClashingSinkType.class).last;
          assertThat(settings.getMode()).isEqualTo(ClashingSinkType.Mode.FAST);
          assertThat(settings.getStream()).isEqualTo("queue-7");
          assertThat(settings.getOverflow()).isEqualTo("spill");
          assertThat(settings.getKeep()).isEqualTo("all");
          assertThat(settings.getMaxBytes()).isEqualTo(12345L);
          assertThat(settings.getHeaders()).containsEntry("x-tenant", "t-1");
          // The built-in types still check their own settings.
        });
    runner.withPropertyValues("dagstack.logger.sinks.out.type=console",
        "dagstack.logger.sinks.out.mode=FAST").run(context -> assertThat(context)
            .getFailure().rootCause().hasMessageContaining("dagstack.logger.sinks.out.mode"));
  }

  @Test
  void testSinksBuildsASinkFromASettingsMapThroughTheSameChecks(@TempDir Path dir) {
    Sink tagged = TestSinks.build(new TaggedSinkType(), "t", Map.of("tag", "A", "capacity", "3"));
    assertThat(tagged).isInstanceOf(InMemorySink.class);
    assertThat(tagged.supportsSeverity(Severity.TRACE)).isTrue();
    assertThatThrownBy(() -> TestSinks.build(new TaggedSinkType(), "t", Map.of("tag", "A", "capacity", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'0' for dagstack.logger.sinks.t.capacity: a positive number of records");
    assertThatThrownBy(() -> TestSinks.build(new TaggedSinkType(), "t", Map.of("tagz", "A")))
        .hasMessageContaining("dagstack.logger.sinks.t.tagz");
    Sink file = TestSinks.build("file", "f",
        Map.of("path", dir.resolve("a.jsonl").toString(), "max-bytes", "1KB"));
    try {
      assertThat(file).isInstanceOf(FileSink.class);
    } finally {
      file.close();
    }
  }

  @Test
  void aProfileOverridesOneSettingOfOneSinkAndCanDropAnother() {
    SpringApplication application = new SpringApplication(Empty.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.setAdditionalProfiles("prod");
    try (ConfigurableApplicationContext context = application.run(
        "--spring.config.location=classpath:/profile-override/", "--spring.main.banner-mode=off")) {
      InMemorySink memory = context.getBean("dagstack.logger.sinks.memory", InMemorySink.class);
      assertThat(memory.supportsSeverity(Severity.INFO)).isFalse();
      assertThat(memory.supportsSeverity(Severity.WARN)).isTrue();
      Logger.get("p").warn("one");
      Logger.get("p").warn("two");
      assertThat(memory.records()).hasSize(2);
      assertThat(context.getBeansOfType(ConsoleSink.class)).isEmpty();
      assertThat(Logger.configuration().sinks()).containsExactly(memory);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class BeanType {
    @Bean
    SinkType<TaggedSinkType.Settings> countingSinkType() {
      return new TaggedSinkType() {
        @Override
        public String name() {
          return "counting";
        }
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ClashingType {
    @Bean
    ClashingSinkType clashingSinkType() {
      return new ClashingSinkType();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(DagstackLoggerAutoConfiguration.class)
  static class Empty {}
}
