package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The level hooks Spring's logging system uses: level(), cachedNames(), clearLevel(). */
class LevelApiTest {

  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  @Test
  void aLevelIsSetReadAndClearedBackToTheInheritedOne() {
    InMemorySink sink = new InMemorySink("memory", 100, Severity.TRACE);
    LoggerConfiguration base = LoggerConfiguration.builder().rootLevel(Severity.WARN)
        .level("levels.api", Severity.DEBUG).sinks(sink).build();
    Logger.configure(base);
    Logger api = Logger.get("levels.api.orders");
    assertThat(api.level()).isEqualTo(Severity.DEBUG);
    assertThat(Logger.cachedNames()).contains("levels.api.orders");

    Logger.configure(Logger.configuration().toBuilder().clearLevel("levels.api").build());
    assertThat(api.level()).isEqualTo(Severity.WARN);
    api.info("now below the inherited level");
    api.warn("kept");
    assertThat(sink.records()).extracting(LogRecord::bodyText).containsExactly("kept");

    Logger.configure(Logger.configuration().toBuilder().clearLevel("").build());
    assertThat(Logger.root().level()).isEqualTo(Severity.INFO);
  }
}
