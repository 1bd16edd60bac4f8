package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.convention.Operation;
import dev.dagstack.logger.convention.OperationKind;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoggerProviderTest {

  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  private static LoggerConfiguration into(InMemorySink sink, int level) {
    return LoggerConfiguration.builder().rootLevel(level).sinks(sink).build();
  }

  private static List<String> bodies(InMemorySink sink) {
    return sink.records().stream().map(LogRecord::bodyText).toList();
  }

  @Test
  void aProviderOfItsOwnKeepsItsConfigurationApartFromTheGlobalOne() {
    InMemorySink global = new InMemorySink(10);
    InMemorySink own = new InMemorySink(10);
    Logger.configure(into(global, Severity.INFO));
    try (LoggerProvider provider = LoggerProvider.builder()
        .configuration(into(own, Severity.DEBUG)).build()) {
      Logger mine = provider.get("orders");
      Logger theirs = Logger.get("orders");

      assertThat(mine).isNotSameAs(theirs);
      assertThat(mine.provider()).isSameAs(provider);
      assertThat(theirs.provider()).isSameAs(LoggerProvider.global());
      assertThat(provider.get("orders")).isSameAs(mine);

      mine.debug("own debug");
      theirs.debug("global debug, below INFO");
      theirs.info("global info");

      assertThat(bodies(own)).containsExactly("own debug");
      assertThat(bodies(global)).containsExactly("global info");
      assertThat(provider.cachedNames()).containsExactly("orders");
    }
  }

  @Test
  void reconfiguringAProviderSwapsItsLoggersOnly() {
    InMemorySink first = new InMemorySink(10);
    InMemorySink second = new InMemorySink(10);
    InMemorySink global = new InMemorySink(10);
    Logger.configure(into(global, Severity.INFO));
    try (LoggerProvider provider = LoggerProvider.builder()
        .configuration(into(first, Severity.INFO)).build()) {
      Logger logger = provider.get("a.b");
      logger.info("one");
      provider.reconfigure(into(second, Severity.WARN));
      logger.info("dropped by the new level");
      logger.warn("two");

      assertThat(bodies(first)).containsExactly("one");
      assertThat(bodies(second)).containsExactly("two");
      assertThat(provider.configuration().sinks()).containsExactly(second);
      assertThat(Logger.configuration().sinks()).containsExactly(global);
      assertThat(provider.reconfigureCount(ReconfigureResult.APPLIED)).isEqualTo(2);
    }
  }

  @Test
  void anInvalidConfigurationIsRejectedAndCountedPerProvider() {
    try (LoggerProvider provider = LoggerProvider.builder()
        .configuration(into(new InMemorySink(1), Severity.INFO)).build()) {
      long globalRejected = Logger.reconfigureCount(ReconfigureResult.REJECTED);

      assertThatThrownBy(() -> provider.reconfigure(() -> {
        throw new IllegalArgumentException("bad level at dagstack.logger.level");
      })).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("dagstack.logger.level");

      assertThat(provider.reconfigureCount(ReconfigureResult.REJECTED)).isEqualTo(1);
      assertThat(Logger.reconfigureCount(ReconfigureResult.REJECTED)).isEqualTo(globalRejected);
      assertThat(diagnostics.messages()).anyMatch(m -> m.startsWith("reconfiguration rejected"));
    }
  }

  @Test
  void flushAndCloseReachEverySinkOfTheProvider() {
    InMemorySink sink = new InMemorySink(10);
    LoggerProvider provider = LoggerProvider.builder()
        .configuration(LoggerConfiguration.builder()
            .sinks(sink)
            .sinks("audit", List.of(new InMemorySink(10)))
            .build())
        .build();
    Logger logger = provider.get("x");
    logger.info("before close");

    assertThat(provider.flush(Duration.ofSeconds(5)).success()).isTrue();
    provider.close();
    logger.info("after close goes nowhere");

    assertThat(bodies(sink)).containsExactly("before close");
    assertThat(provider.configuration().sinks()).isEmpty();
    // A sink a provider closed cannot come back: it would drop every record.
    assertThatThrownBy(() -> provider.reconfigure(into(sink, Severity.INFO)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was closed");
  }

  @Test
  void conventionsReadTheConfigurationOfTheLoggersOwnProvider() {
    InMemorySink sink = new InMemorySink(10);
    try (LoggerProvider provider = LoggerProvider.builder()
        .configuration(LoggerConfiguration.builder()
            .sinks(sink)
            .conventions(dev.dagstack.logger.convention.ConventionsConfig.builder()
                .operationKinds(List.of("import_batch"))
                .build())
            .build())
        .build()) {
      try (Operation operation = provider.get("jobs").operation("nightly", "import_batch")) {
        operation.phase("load");
      }

      assertThat(sink.records()).extracting(r -> r.attributes().get("operation.kind"))
          .containsOnly("import_batch");
      // Registered in this provider's configuration, so no "not registered" warning.
      assertThat(diagnostics.messages()).noneMatch(m -> m.contains("is not registered"));
      assertThat(Logger.root().conventions().operationKinds()).doesNotContain("import_batch");
      assertThat(OperationKind.STANDARD).isNotEmpty();
    }
  }

  @Test
  void theEnvironmentOfABuiltProviderFeedsItsResource() {
    InMemorySink sink = new InMemorySink(10);
    try (LoggerProvider provider = LoggerProvider.builder()
        .environment(name -> "OTEL_SERVICE_NAME".equals(name) ? "billing" : null)
        .configuration(into(sink, Severity.INFO))
        .build()) {
      provider.root().info("hello", Map.of());

      assertThat(sink.records().get(0).resource().attributes().get("service.name"))
          .isEqualTo("billing");
    }
  }

  @Test
  void aNullLoggerNameOrEnvironmentIsRefusedWithTheReason() {
    assertThatThrownBy(() -> LoggerProvider.global().get(null))
        .hasMessageContaining("logger name must not be null");
    assertThatThrownBy(() -> LoggerProvider.builder().environment(null))
        .hasMessageContaining("environment lookup must not be null");
  }
}
