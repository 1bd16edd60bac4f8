package dev.dagstack.logger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The debug-token mask never lets a secret escape the key-suffix redaction that follows it. */
class DebugTokenMaskTest {

  private static LogRecord emitThroughMask(String token, Attrs attributes) {
    DagstackLoggerProperties.Debug debug = new DagstackLoggerProperties().getWeb().getDebug();
    debug.setToken(token);
    InMemorySink memory = new InMemorySink(10);
    try (LoggerProvider provider = LoggerProvider.builder().configuration(LoggerConfiguration
        .builder().sinks(memory).processors(DebugTokenMask.appendTo(List.of(), debug)).build())
        .build()) {
      provider.get("orders").info("order placed", attributes);
      return memory.records().get(0);
    }
  }

  @Test
  void aKeyThatHoldsTheTokenIsRenamedAndItsValueMaskedWhole() {
    // Token "t": card_token becomes card_***en, which the _token suffix no longer matches.
    LogRecord record = emitThroughMask("t", Attrs.of("payment.card_token", "ABC777",
        "order.id", 42L));
    assertThat(record.attributes().values()).doesNotContain("ABC777");
    assertThat(record.attributes()).containsEntry("order.id", 42L);
  }

  @Test
  void theTokenInValuesIsMaskedAndKeysWithoutItAreKept() {
    String token = "s3cr3t-debug-token-0123456789";
    LogRecord record = emitThroughMask(token, Attrs.of("http.request.query", "a=" + token,
        "payment.card_token", "ABC777"));
    assertThat(record.attributes()).containsEntry("http.request.query", "a=***")
        .containsEntry("payment.card_token", "***");
  }
}
