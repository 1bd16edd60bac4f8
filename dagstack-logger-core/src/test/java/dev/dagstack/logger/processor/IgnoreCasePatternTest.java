package dev.dagstack.logger.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import org.junit.jupiter.api.Test;

/** A redaction pattern that ignores case masks a secret's name in any case. */
class IgnoreCasePatternTest {

  private static String maskBody(RedactionProcessor processor, String body) {
    LogRecord record = LogRecord.builder().timeUnixNano(1L).severityNumber(9).body(body)
        .attributes(Attrs.empty()).build();
    return processor.onEmit(record).bodyText();
  }

  @Test
  void ignoreCaseMatchesEitherCaseAndTheDefaultDoesNot() {
    String pattern = "=(?<=password=)[^&\\s]+";
    RedactionProcessor folding = RedactionProcessor.builder().scanBody(true)
        .pattern(pattern, "=***", true).build();
    RedactionProcessor exact = RedactionProcessor.builder().scanBody(true)
        .pattern(pattern, "=***").build();
    assertThat(maskBody(folding, "GET /x?Password=G7777&PASSWORD=H8888&page=2"))
        .isEqualTo("GET /x?Password=***&PASSWORD=***&page=2");
    assertThat(maskBody(exact, "GET /x?Password=G7777")).isEqualTo("GET /x?Password=G7777");
  }
}
