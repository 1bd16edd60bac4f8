package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Values;
import dev.dagstack.logger.redaction.RedactionConfig;
import dev.dagstack.logger.redaction.Redactor;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redaction (spec §10), including every case and validation failure of the cross-binding
 * fixture {@code redaction_extra_suffixes.json}.
 */
class RedactionTest {

  private final InMemorySink sink = new InMemorySink(100);
  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  /** Configures {@code redaction}, emits {@code input} as attributes and returns what arrived. */
  private Attrs emitThrough(RedactionConfig redaction, Map<String, ?> input) {
    Logger.configure(LoggerConfiguration.builder().sinks(sink).redaction(redaction).build());
    Logger.get("redaction").info("body", input);
    List<LogRecord> records = sink.records();
    return records.get(records.size() - 1).attributes();
  }

  @Test
  void isSecretMatchesCaseInsensitivelyAndKeepsItsVerdictForRepeatedKeys() {
    Redactor redactor = Redactor.of(RedactionConfig.additive(List.of("_apikey")));
    for (int round = 0; round < 3; round++) { // the second and third rounds hit remembered verdicts
      assertThat(redactor.isSecret("OPENAI_API_KEY")).isTrue();
      assertThat(redactor.isSecret("stripe_APIKEY")).isTrue();
      assertThat(redactor.isSecret("db_Password")).isTrue();
      assertThat(redactor.isSecret("_key")).isTrue();
      assertThat(redactor.isSecret("key")).isFalse();
      assertThat(redactor.isSecret("order.id")).isFalse();
      assertThat(redactor.isSecret("monkey")).isFalse();
      // Non-ASCII case folding as String.regionMatches(true, ...): KELVIN SIGN folds to 'k'.
      assertThat(redactor.isSecret("signing_\u212Aey")).isTrue();
      assertThat(redactor.isSecret(new String("OPENAI_API_KEY".toCharArray()))).isTrue();
    }
    // Many distinct keys share the remembered slots; each still gets its own verdict.
    for (int i = 0; i < 5_000; i++) {
      assertThat(redactor.isSecret("k" + i + "_token")).isTrue();
      assertThat(redactor.isSecret("k" + i + "_tokens")).isFalse();
    }
  }

  // --- redaction_extra_suffixes.json: cases ---

  @Test
  void additiveDefault() {
    Attrs out = emitThrough(RedactionConfig.additive(List.of("_apikey", "_x_internal_token")),
        Attrs.of("service.name", "order-service", "request.id", "req-42",
            "openai_api_key", "sk-real-secret", "stripe_apikey", "pk-real-secret",
            "x_internal_token", "tok-real-secret", "user.id", 17));
    assertThat(out).isEqualTo(Map.of("service.name", "order-service", "request.id", "req-42",
        "openai_api_key", "***", "stripe_apikey", "***", "x_internal_token", "***",
        "user.id", 17L));
  }

  @Test
  void bareWordsAddedAsSuffixesCoverTheBareAndDottedKeysTheBaseSetMisses() {
    // What docs/core-api.md recommends for keys the contract's base set does not cover.
    Attrs keys = Attrs.of("password", "p1", "user.password", "p2",
        "http.request.header.authorization", "Bearer x", "apiKey", "k1", "api-key", "k2",
        "user.name", "ann");
    assertThat(emitThrough(RedactionConfig.additive(List.of()), keys))
        .containsEntry("password", "p1").containsEntry("apiKey", "k1");
    assertThat(emitThrough(RedactionConfig.additive(
        List.of("password", "authorization", "apikey", "api-key", "cookie")), keys))
        .isEqualTo(Map.of("password", "***", "user.password", "***",
            "http.request.header.authorization", "***", "apiKey", "***", "api-key", "***",
            "user.name", "ann"));
  }

  @Test
  void replaceDefaultsNarrowsSet() {
    Attrs out = emitThrough(RedactionConfig.replacing(List.of("_password")),
        Attrs.of("openai_api_key", "sk-still-secret-but-not-masked-here",
            "db_password", "real-password-still-masked",
            "client_secret", "this-also-not-masked-after-replace"));
    assertThat(out).isEqualTo(Map.of("openai_api_key", "sk-still-secret-but-not-masked-here",
        "db_password", "***", "client_secret", "this-also-not-masked-after-replace"));
  }

  @Test
  void additiveRecursesIntoNestedDict() {
    Attrs out = emitThrough(RedactionConfig.additive(List.of("_apikey")),
        Attrs.of("outer", "fine",
            "nested", Map.of("stripe_apikey", "sk-deep-secret", "regular_field", "ok")));
    assertThat(out).isEqualTo(Map.of("outer", "fine",
        "nested", Map.of("stripe_apikey", "***", "regular_field", "ok")));
  }

  @Test
  void additiveRecursesIntoListOfMaps() {
    Attrs out = emitThrough(RedactionConfig.additive(List.of("_apikey")),
        Attrs.of("events", List.of(
            Map.of("type", "auth", "stripe_apikey", "sk-list-secret"),
            Map.of("type", "fetch", "url", "/api/orders"))));
    assertThat(out).isEqualTo(Map.of("events", List.of(
        Map.of("type", "auth", "stripe_apikey", "***"),
        Map.of("type", "fetch", "url", "/api/orders"))));
  }

  @Test
  void caseInsensitiveMatch() {
    Attrs out = emitThrough(RedactionConfig.additive(List.of("_apikey")),
        Attrs.of("STRIPE_APIKEY", "sk-uppercase-secret", "Stripe_ApiKey", "sk-mixed-case-secret"));
    assertThat(out).isEqualTo(Map.of("STRIPE_APIKEY", "***", "Stripe_ApiKey", "***"));
  }

  @Test
  void replaceDefaultsWithEmptyExtraDisablesRedactionAndWarns() {
    Attrs out = emitThrough(RedactionConfig.replacing(List.of()),
        Attrs.of("openai_api_key", "sk-fully-unmasked-on-purpose",
            "db_password", "still-not-masked", "user.id", 17));
    assertThat(out).isEqualTo(Map.of("openai_api_key", "sk-fully-unmasked-on-purpose",
        "db_password", "still-not-masked", "user.id", 17L));
    assertThat(diagnostics.messages()).singleElement().asString()
        .contains("redaction disabled");
    assertThat(Logger.get("redaction").effectiveRedactionSuffixes()).isEmpty();
  }

  // --- redaction_extra_suffixes.json: validation failures ---

  @Test
  void emptyStringSuffixRejected() {
    assertThatThrownBy(() -> RedactionConfig.additive(List.of("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redaction.extra_suffixes contains an empty string");
  }

  @Test
  void whitespaceSuffixRejected() {
    assertThatThrownBy(() -> RedactionConfig.additive(List.of("_my secret")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redaction.extra_suffixes contains whitespace");
  }

  @Test
  void uppercaseSuffixRejected() {
    assertThatThrownBy(() -> RedactionConfig.additive(List.of("_APIKEY")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redaction.extra_suffixes must be lowercase ASCII");
    assertThatThrownBy(() -> RedactionConfig.additive(List.of("_clé")))
        .hasMessageContaining("redaction.extra_suffixes must be lowercase ASCII");
  }

  // --- beyond the fixture ---

  @Test
  void defaultsMaskTheBaseSuffixesAndTheAccessorShowsTheEffectiveSet() {
    Logger.configure(LoggerConfiguration.builder().sinks(sink).build());
    assertThat(Logger.get("any").effectiveRedactionSuffixes())
        .isEqualTo(RedactionConfig.DEFAULT_SECRET_SUFFIXES);
    Logger.get("any").info("login", Attrs.of("user_password", "hunter2", "user.password", "no underscore",
        "session_token", "t", "aws_credentials", "c", "gpg_passphrase", "p",
        "app_secret", "s", "api_key", "k", "keyboard", "not a secret"));
    assertThat(sink.records().get(0).attributes()).containsEntry("user_password", "***")
        .containsEntry("user.password", "no underscore")
        .containsEntry("keyboard", "not a secret")
        .containsEntry("api_key", "***").containsEntry("session_token", "***")
        .containsEntry("aws_credentials", "***").containsEntry("gpg_passphrase", "***")
        .containsEntry("app_secret", "***");
    assertThat(new RedactionConfig(List.of("_apikey", "_key"), false).effectiveSuffixes())
        .containsExactly("_key", "_secret", "_token", "_password", "_passphrase",
            "_credentials", "_apikey");
  }

  @Test
  void aSecretMapOrListIsMaskedWholeAndTheBodyIsNeverRedacted() {
    Attrs out = emitThrough(RedactionConfig.defaults(), Attrs.of(
        "db_credentials", Map.of("user", "u", "pass", "p"),
        "backup_token", List.of("a", "b")));
    assertThat(out).isEqualTo(Map.of("db_credentials", "***", "backup_token", "***"));
    Logger.get("redaction").info(Map.of("api_key", "in the body"));
    assertThat(((Attrs) sink.records().get(1).body())).containsEntry("api_key", "in the body");
  }

  @Test
  void boundScopeAndBaggageAttributesAreRedactedToo() {
    Logger.configure(LoggerConfiguration.builder().sinks(sink)
        .baggageKeys(List.of("session_token")).build());
    io.opentelemetry.context.Context withBaggage = io.opentelemetry.api.baggage.Baggage.builder()
        .put("session_token", "from-baggage").build()
        .storeInContext(io.opentelemetry.context.Context.root());
    try (io.opentelemetry.context.Scope ignored = withBaggage.makeCurrent();
        dev.dagstack.logger.context.LoggingScope scope = dev.dagstack.logger.context.LoggingScope
            .builder().attributes(Attrs.of("scope_token", "from-scope")).open()) {
      Logger.get("r").with(Attrs.of("bound_token", "t")).info("x", Attrs.of("call", "ok"));
    }
    assertThat(sink.records().get(0).attributes()).isEqualTo(Map.of("bound_token", "***",
        "scope_token", "***", "session_token", "***", "call", "ok"));
  }

  @Test
  void aSecretNestedDeeperThanTheConversionLimitNeverReachesASink() {
    Attrs nested = Attrs.of("db_password", "hunter2", "note", "deep");
    for (int i = 0; i < Values.MAX_DEPTH + 8; i++) {
      nested = Attrs.of("n", nested);
    }
    Attrs redacted = emitThrough(RedactionConfig.defaults(), Attrs.of("outer", nested));

    assertThat(JsonLinesEncoder.encode(sink.records().get(0))).doesNotContain("hunter2")
        .contains(Values.DEPTH_EXCEEDED);
    Object level = redacted.get("outer");
    for (int i = 0; i < Values.MAX_DEPTH; i++) {
      assertThat(level).as("level %d", i).isInstanceOf(Attrs.class);
      level = ((Attrs) level).get("n");
    }
    assertThat(level).isEqualTo(Values.DEPTH_EXCEEDED);
  }

  @Test
  void theRedactorReturnsTheSameMapWhenNothingMatches() {
    Redactor redactor = Redactor.of(RedactionConfig.defaults());
    Attrs clean = Attrs.of("user.id", 1, "nested", Map.of("a", List.of(Map.of("b", 2))));
    assertThat(redactor.redact(clean)).isSameAs(clean);
    Attrs dirty = Attrs.of("a", 1, "nested", Map.of("x_token", "t"), "z", 3);
    Attrs redacted = redactor.redact(dirty);
    assertThat(redacted).isEqualTo(Map.of("a", 1L, "nested", Map.of("x_token", "***"), "z", 3L));
    assertThat(redacted.get("a")).isSameAs(dirty.get("a"));
  }
}
