package dev.dagstack.logger.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionProcessorTest {

  private static LogRecord record(Object body, Attrs attributes) {
    return LogRecord.builder().body(body).attributes(attributes).build();
  }

  @Test
  void keysMatchingAPatternGetTheReplacementAsTheirWholeValueAtAnyDepth() {
    RedactionProcessor redaction = RedactionProcessor.builder().pattern("^card\\.", "[card]")
        .build();
    LogRecord in = record("body with card.number", Attrs.of("card.number", "4242",
        "order", Attrs.of("card.cvv", 123, "items", List.of(Attrs.of("card.pan", "x"))),
        "note", "card.number 4242"));
    LogRecord out = redaction.onEmit(in);
    assertThat(out.attributes()).containsEntry("card.number", "[card]")
        .containsEntry("note", "card.number 4242");
    Attrs order = (Attrs) out.attributes().get("order");
    assertThat(order).containsEntry("card.cvv", "[card]");
    assertThat(((Attrs) ((List<?>) order.get("items")).get(0))).containsEntry("card.pan", "[card]");
    assertThat(out.body()).isEqualTo("body with card.number");
  }

  @Test
  void valuesAndTheBodyAreScannedOnlyWhenEnabled() {
    LogRecord in = record("token tok_live_4242 rejected",
        Attrs.of("detail", "got tok_live_4242", "list", List.of("tok_a1", 3)));
    RedactionProcessor keysOnly = RedactionProcessor.builder().pattern("tok_[A-Za-z0-9_]+").build();
    assertThat(keysOnly.onEmit(in)).isSameAs(in);

    RedactionProcessor values = RedactionProcessor.builder().pattern("tok_[A-Za-z0-9_]+")
        .scanValues(true).build();
    LogRecord v = values.onEmit(in);
    assertThat(v.attributes()).containsEntry("detail", "got ***")
        .containsEntry("list", List.of("***", 3L));
    assertThat(v.body()).isEqualTo("token tok_live_4242 rejected");

    RedactionProcessor body = RedactionProcessor.builder().pattern("tok_[A-Za-z0-9_]+", "tok_***")
        .scanBody(true).build();
    LogRecord b = body.onEmit(in);
    assertThat(b.body()).isEqualTo("token tok_*** rejected");
    assertThat(b.attributes()).isSameAs(in.attributes());
  }

  @Test
  void replacementsAreLiteral() {
    RedactionProcessor redaction = RedactionProcessor.builder().pattern("(\\d{4})", "$1\\")
        .scanBody(true).build();
    assertThat(redaction.onEmit(record("pin 1234", Attrs.empty())).body()).isEqualTo("pin $1\\");
  }

  @Test
  void aStructuredBodyIsScannedLikeAttributes() {
    RedactionProcessor redaction = RedactionProcessor.builder().pattern("secret").scanBody(true)
        .build();
    LogRecord out = redaction.onEmit(record(Attrs.of("my_secret_field", 1, "text", "a secret"),
        Attrs.empty()));
    assertThat((Attrs) out.body()).containsEntry("my_secret_field", "***")
        .containsEntry("text", "a ***");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tok_[A-Za-z0-9_]+", "^a.b$", "(?:x|y){2,3}?", "(?<year>\\d{4})-\\k<year>",
      "(?=a)(?!b)(?<=c)(?<!d)x", "(a+)b", "(?:ab)*c", "(a{1,3}){2}", "[^\\]\\-a-z]", "\\x41\\u0042\\cA", "(a)\\1", "a{3}", "a{1,}",
      "\\.\\*\\{\\}\\/"})
  void theEcmaScriptLikeSubsetIsAccepted(String pattern) {
    assertThat(RedactionProcessor.builder().pattern(pattern).build().patterns())
        .containsExactly(pattern);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "a++|possessive quantifier '+' at position 2",
      "(?>a)|atomic group '(?>' at position 0",
      "(?i)abc|inline flags or unknown group '(?i' at position 0",
      "\\Aabc|escape '\\A' at position 0",
      "\\p{L}|escape '\\p' at position 0",
      "[a-z&&[^x]]|class intersection '&&' at position 4",
      "[a[b]]|'[' inside a class (nested class; escape it as \\[) at position 2",
      "a{x}|'{' that does not start a quantifier {n}, {n,} or {n,m} (escape it as \\{) at position 1",
      "*a|quantifier '*' with nothing to repeat at position 0",
      "(ab|unclosed '(' at position 3",
      "ab)|unbalanced ')' at position 2",
      "\\Qa\\E|escape '\\Q' at position 0",
      "a\\0|escape '\\0' at position 1",
  })
  void constructsOutsideTheSubsetAreRejectedWithPatternAndPosition(String pattern, String problem) {
    assertThatThrownBy(() -> RedactionProcessor.builder().pattern("ok").pattern(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("redaction.patterns[1] '" + pattern
            + "' is outside the supported ECMAScript-like regex subset: " + problem);
  }

  @Test
  void emptyPatternsAndNullReplacementsAreRejected() {
    assertThatThrownBy(() -> RedactionProcessor.builder().pattern(""))
        .hasMessage("redaction.patterns[0] must not be empty");
    assertThatThrownBy(() -> RedactionProcessor.builder().pattern("a", null))
        .hasMessage("redaction.patterns[0].replacement must not be null");
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
      "x*;0", "a?;0", "(|a);0", "b|x*;2", "(?=a);0", "\\b;0", "(a|b?)c?;0", "^$;0",
  })
  void patternsThatMatchTheEmptyStringAreRejectedWithPatternAndPosition(String pattern,
      int position) {
    assertThatThrownBy(() -> RedactionProcessor.builder().pattern(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("redaction.patterns[0] '" + pattern + "' matches the empty string (its"
            + " replacement would go between every character) at position " + position);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
      "(.*a){25};{25};5", "(a+)*b;*;4", "(?:x(y*)z){2,};{2,};10", "((a|b+)c)+;+;9",
  })
  void nestedUnboundedQuantifiersAreRejectedWithPatternAndPosition(String pattern,
      String quantifier, int position) {
    assertThatThrownBy(() -> RedactionProcessor.builder().pattern(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("redaction.patterns[0] '" + pattern + "' has a nested quantifier: '"
            + quantifier + "' repeats a group that holds an unbounded quantifier (catastrophic"
            + " backtracking) at position " + position);
  }

  @Test
  void aScanThatRunsOutOfItsBudgetFailsClosedCountedAndReportedOnce() {
    // Exponential in Java's engine (bounded repetition of an ambiguous alternation), and not
    // caught by the configuration-time check: the run-time budget is the guard.
    RedactionProcessor redaction = RedactionProcessor.builder().pattern("(a|a){1,40}b", "[cut]")
        .scanValues(true).scanBody(true).build();
    String slow = "a".repeat(24);
    try (dev.dagstack.logger.diagnostic.Diagnostics.Capture diagnostics =
        dev.dagstack.logger.diagnostic.Diagnostics.capture()) {
      LogRecord out = redaction.onEmit(record(slow + " body", Attrs.of("detail", slow,
          "other", "fine", "list", List.of(slow))));
      assertThat(out.body()).isEqualTo("[cut]");
      assertThat(out.attributes()).containsEntry("detail", "[cut]")
          .containsEntry("other", "fine").containsEntry("list", List.of("[cut]"));
      assertThat(redaction.budgetExceededCounts()).containsEntry("(a|a){1,40}b", 3L);
      assertThat(diagnostics.records()).filteredOn(r -> r.bodyText().contains("match budget"))
          .singleElement().satisfies(r -> assertThat(r.attributes())
              .containsEntry("redaction.pattern", "(a|a){1,40}b"));
    }
    // A normal match on the same thread still works after an abort.
    assertThat(redaction.onEmit(record("ab", Attrs.empty())).body()).isEqualTo("[cut]");
    assertThat(redaction.onEmit(record("xyz", Attrs.empty())).body()).isEqualTo("xyz");
  }
}
