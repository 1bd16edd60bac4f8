package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.context.Taps;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Taps}: every emitted record, after redaction, whatever the configured sinks. */
class TapsTest {

  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  private final InMemorySink tap = new InMemorySink(100);

  @AfterEach
  void removeTap() {
    Taps.remove(tap);
  }

  @Test
  void aTapSeesRecordsOfEveryLoggerEvenWithoutSinksRedactedAndOnlyWhileInstalled() {
    Logger.configure(LoggerConfiguration.builder().sinks(List.of()).build());
    Logger.get("before").info("not tapped");
    Taps.add(tap);
    Taps.add(tap);
    Logger.get("orders").info("placed", Attrs.of("api_token", "abc"));
    Logger.get("orders").debug("below the level");
    Logger.get("detached").withSinks(List.of()).warn("detached child");
    Taps.remove(tap);
    Logger.get("after").info("not tapped either");

    assertThat(tap.records()).extracting(LogRecord::body).containsExactly("placed", "detached child");
    assertThat(tap.records().get(0).attributes().get("api_token")).isEqualTo("***");
    assertThat(Taps.current(null)).isEmpty();
  }

  @Test
  void removingOneTapKeepsTheOthers() {
    Logger.configure(LoggerConfiguration.builder().sinks(List.of()).build());
    InMemorySink other = new InMemorySink(10);
    Taps.add(tap);
    Taps.add(other);
    Taps.remove(tap);
    Logger.get("x").info("only other");
    Taps.remove(other);
    assertThat(tap.records()).isEmpty();
    assertThat(other.records()).extracting(LogRecord::body).containsExactly("only other");
  }
}
