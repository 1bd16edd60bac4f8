package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.processor.CompositeProcessor;
import dev.dagstack.logger.processor.EnrichProcessor;
import dev.dagstack.logger.processor.LogRecordProcessor;
import dev.dagstack.logger.processor.RateSampler;
import dev.dagstack.logger.processor.RedactionProcessor;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProcessorChainTest {

  private final InMemorySink sink = new InMemorySink(10_000);
  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  /** Appends its tag to the attribute {@code trail}, so the order of the chain shows. */
  private static LogRecordProcessor tagging(String tag) {
    return new LogRecordProcessor() {
      @Override
      public LogRecord onEmit(LogRecord record) {
        Object trail = record.attributes().get("trail");
        return record.toBuilder()
            .attributes(record.attributes().with("trail", (trail == null ? "" : trail) + tag))
            .build();
      }

      @Override
      public String name() {
        return "tag-" + tag;
      }
    };
  }

  private static LogRecordProcessor throwing(boolean mustNotBypass) {
    return new LogRecordProcessor() {
      @Override
      public LogRecord onEmit(LogRecord record) {
        throw new IllegalStateException("processor bug");
      }

      @Override
      public String name() {
        return "faulty";
      }

      @Override
      public boolean mustNotBypass() {
        return mustNotBypass;
      }
    };
  }

  private void configure(LogRecordProcessor... processors) {
    Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.TRACE).sinks(sink)
        .processors(processors).build());
  }

  @Test
  void aReplayedRecordTakesTheChainRedactionLevelsAndSinksOfTheConfigurationNowInEffect() {
    // A record made before the configuration (as the Spring starter holds Boot's first lines).
    LogRecord held = LogRecord.builder().timeUnixNano(1_000L).severityNumber(Severity.INFO)
        .body("early").instrumentationScope(new dev.dagstack.logger.record.InstrumentationScope(
            "test.early", null, null))
        .attributes(Attrs.of("user.id", 7)).build();
    LogRecord quiet = held.toBuilder().severityNumber(Severity.DEBUG).body("too quiet").build();
    Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.INFO).sinks(sink)
        .processors(tagging("a"), EnrichProcessor.builder().attribute("deploy_token", "LEAK")
            .build()).build());

    LoggerProvider.global().replay(held);
    LoggerProvider.global().replay(quiet);

    assertThat(sink.records()).hasSize(1);
    LogRecord written = sink.records().get(0);
    assertThat(written.attributes()).containsEntry("trail", "a").containsEntry("user.id", 7L)
        .containsEntry("deploy_token", "***");
    assertThat(written.timeUnixNano()).isEqualTo(1_000L);
    assertThat(written.instrumentationScope().name()).isEqualTo("test.early");
  }

  @Test
  void processorsRunInConfiguredOrderBeforeTheSinks() {
    configure(tagging("a"), tagging("b"), tagging("c"));
    Logger.get("test.chain").info("x");
    assertThat(sink.records()).singleElement()
        .satisfies(r -> assertThat(r.attributes()).containsEntry("trail", "abc"));
  }

  @Test
  void aProcessorReturningNullDropsTheRecordAndStopsTheChain() {
    AtomicInteger after = new AtomicInteger();
    configure(record -> "drop me".equals(record.body()) ? null : record, record -> {
      after.incrementAndGet();
      return record;
    });
    Logger logger = Logger.get("test.chain");
    logger.info("drop me");
    logger.info("keep me");
    assertThat(sink.records()).extracting(LogRecord::body).containsExactly("keep me");
    assertThat(after).hasValue(1);
  }

  @Test
  void aThrowingProcessorIsIsolatedCountedAndReported() {
    configure(tagging("a"), throwing(false), tagging("c"));
    Logger.get("test.chain").info("x");
    assertThat(sink.records()).singleElement()
        .satisfies(r -> assertThat(r.attributes()).containsEntry("trail", "ac"));
    CompositeProcessor chain = Logger.configuration().processors();
    assertThat(chain.failureCounts()).containsEntry("1:faulty", 1L).containsEntry("0:tag-a", 0L);
    assertThat(chain.failClosedDrops()).isZero();
    assertThat(diagnostics.messages())
        .anySatisfy(m -> assertThat(m).contains("processor 'faulty' threw; the record goes on"));
  }

  @Test
  void aThrowingMustNotBypassProcessorDropsTheRecord() {
    configure(throwing(true), tagging("c"));
    Logger.get("test.chain").info("secret tok_live_1");
    assertThat(sink.records()).isEmpty();
    assertThat(Logger.configuration().processors().failClosedDrops()).isEqualTo(1);
    assertThat(diagnostics.messages()).anySatisfy(m -> assertThat(m).contains(
        "processor 'faulty' threw; it must not be bypassed, so the record is dropped"));
  }

  @Test
  void theDiagnosticChannelNeverPassesThroughProcessors() {
    configure(record -> null);
    Logger.get(Diagnostics.LOGGER_NAME).warn("diagnostic");
    Logger.get("test.chain").warn("dropped");
    assertThat(diagnostics.messages()).contains("diagnostic");
    assertThat(sink.records()).isEmpty();
  }

  @Test
  void withSinksAndScopeSinksResetSamplersAndAppendSinksKeepsThem() {
    configure(new RateSampler(0.0, Severity.WARN), tagging("r"));
    Logger logger = Logger.get("test.sampling");
    InMemorySink replaced = new InMemorySink(100);
    InMemorySink appended = new InMemorySink(100);
    InMemorySink scoped = new InMemorySink(100);

    logger.info("sampled out");
    logger.withSinks(List.of(replaced)).info("to replaced");
    logger.appendSinks(List.of(appended)).info("appended: sampled out");
    logger.scopeSinks(List.of(scoped), () -> logger.info("to scoped"));

    assertThat(sink.records()).isEmpty();
    assertThat(appended.records()).isEmpty();
    // The other processors still run; only the sampler is left out.
    assertThat(replaced.records()).singleElement()
        .satisfies(r -> assertThat(r.attributes()).containsEntry("trail", "r"));
    assertThat(scoped.records()).extracting(LogRecord::body).containsExactly("to scoped");
  }

  @Test
  void enrichAddsStaticAndSuppliedAttributesAndTheRecordsOwnWin() {
    AtomicInteger counter = new AtomicInteger();
    configure(EnrichProcessor.builder().attribute("deployment.region", "eu-west-1")
        .attribute("seq", () -> counter.incrementAndGet())
        .attribute("user.id", "from-enrich").build());
    Logger logger = Logger.get("test.enrich");
    logger.info("one", Attrs.of("user.id", 42));
    logger.info("two");
    assertThat(sink.records().get(0).attributes()).containsEntry("deployment.region", "eu-west-1")
        .containsEntry("seq", 1L).containsEntry("user.id", 42L);
    assertThat(sink.records().get(1).attributes()).containsEntry("seq", 2L)
        .containsEntry("user.id", "from-enrich");
  }

  @Test
  void aThrowingSupplierIsIsolatedAndTheRecordGoesOnUnenriched() {
    configure(EnrichProcessor.builder().attribute("broken", () -> {
      throw new IllegalStateException("supplier bug");
    }).build());
    Logger.get("test.enrich").info("still written");
    assertThat(sink.records()).singleElement()
        .satisfies(r -> assertThat(r.attributes()).doesNotContainKey("broken"));
    assertThat(Logger.configuration().processors().failureCounts()).containsEntry("0:enrich", 1L);
  }

  @Test
  void redactionRunsOnTheEmitPathAfterTheSuffixRedaction() {
    configure(RedactionProcessor.builder().pattern("tok_[A-Za-z0-9_]+", "tok_***")
        .scanBody(true).build());
    Logger.get("test.redaction").warn("bad card token tok_live_4242 in request",
        Attrs.of("api_token", "abc", "note", "tok_live_1"));
    LogRecord record = sink.records().get(0);
    assertThat(record.body()).isEqualTo("bad card token tok_*** in request");
    assertThat(record.attributes()).containsEntry("api_token", "***")
        .containsEntry("note", "tok_live_1"); // values are scanned only when asked
  }

  @Test
  void nullProcessorsAreRejectedWithTheirIndex() {
    List<LogRecordProcessor> list = new ArrayList<>(Collections.nCopies(2, null));
    list.set(0, record -> record);
    assertThatThrownBy(() -> LoggerConfiguration.builder().processors(list))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("processors[1] is null");
  }

  @Test
  void secretsAddedByProcessorsAreMaskedBeforeAnySink() {
    LogRecordProcessor leaking = record -> record.toBuilder()
        .attributes(record.attributes().with("db_password", "LEAK1")).build();
    LogRecordProcessor creating = record -> LogRecord.builder().body("made by a processor")
        .attributes(java.util.Map.of("api_token", "LEAK4", "note", "kept"))
        .resource(dev.dagstack.logger.record.Resource.of(Attrs.of("service.name", "svc",
            "cloud_secret", "LEAK5")))
        .build();
    configure(leaking, EnrichProcessor.builder().attribute("deploy_token", "LEAK2")
        .attribute("x_secret", () -> "LEAK3").build());
    Logger.get("test.chain").info("x", java.util.Map.of("user_password", "LEAK0"));
    configure(creating);
    Logger.get("test.chain").info("y");

    assertThat(sink.records()).hasSize(2);
    assertThat(sink.records().get(0).attributes()).containsEntry("db_password", "***")
        .containsEntry("deploy_token", "***").containsEntry("x_secret", "***")
        .containsEntry("user_password", "***");
    assertThat(sink.records().get(1).attributes()).containsEntry("api_token", "***")
        .containsEntry("note", "kept");
    assertThat(sink.records().get(1).resource().attributes())
        .containsEntry("cloud_secret", "***");
    assertThat(sink.records().toString()).doesNotContain("LEAK");
  }

  @Test
  void processorsSeeTheAttributesBeforeRedaction() {
    List<Object> seen = Collections.synchronizedList(new ArrayList<>());
    configure(record -> {
      seen.add(record.attributes().get("db_password"));
      return record;
    });
    Logger.get("test.chain").info("x", java.util.Map.of("db_password", "hunter2"));
    // Redaction is the last step: the chain may still act on the raw value, the sink never sees it.
    assertThat(seen).containsExactly("hunter2");
    assertThat(sink.records()).singleElement()
        .satisfies(r -> assertThat(r.attributes()).containsEntry("db_password", "***"));
  }
}
