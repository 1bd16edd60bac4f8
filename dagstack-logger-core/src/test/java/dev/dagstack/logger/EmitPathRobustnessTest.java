package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Values;
import dev.dagstack.logger.sink.ConsoleSink;
import dev.dagstack.logger.sink.DropLedger;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.sink.OverflowPolicy;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import dev.dagstack.logger.wire.JsonLinesParser;
import dev.dagstack.logger.wire.OtelJsonEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11: the emit path writes a record whatever the application's objects do, never recurses,
 * and reports every loss. One test (or more) per numbered case of the issue.
 */
class EmitPathRobustnessTest {

  private static final Duration LONG = Duration.ofSeconds(10);

  @RegisterExtension
  final QuietDiagnostics diagnostics = new QuietDiagnostics();

  private InMemorySink memory() {
    InMemorySink sink = new InMemorySink(100);
    Logger.configure(LoggerConfiguration.builder().sinks(sink).build());
    return sink;
  }

  /** An exception none of whose text accessors works. */
  static final class HostileException extends RuntimeException {
    HostileException() {
      super("never seen");
    }

    @Override
    public String getMessage() {
      throw new IllegalStateException("getMessage");
    }

    @Override
    public String getLocalizedMessage() {
      throw new IllegalStateException("getLocalizedMessage");
    }

    @Override
    public String toString() {
      throw new IllegalStateException("toString");
    }
  }

  /** Whose cause is a new instance of itself on every call: an unbounded chain. */
  static final class EndlessCauses extends RuntimeException {
    EndlessCauses() {
      super("and another");
    }

    @Override
    public synchronized Throwable getCause() {
      return new EndlessCauses();
    }
  }

  // Case 1: describing exceptions.

  @Test
  void case1_anExceptionWhoseTextAccessorsThrowIsStillWritten() {
    InMemorySink sink = memory();
    Logger.get("app").exception(new HostileException());

    assertThat(sink.records()).singleElement().satisfies(record -> {
      assertThat(record.severityText()).isEqualTo("ERROR");
      Attrs attributes = record.attributes();
      assertThat(attributes.get("exception.type")).isEqualTo(HostileException.class.getName());
      assertThat((String) attributes.get("exception.message"))
          .startsWith("<message unavailable: getMessage threw java.lang.IllegalStateException");
      assertThat((String) attributes.get("exception.stacktrace"))
          .startsWith(HostileException.class.getName())
          .contains("\tat dev.dagstack.logger.EmitPathRobustnessTest");
    });
  }

  @Test
  void case1_anEndlessCauseChainIsCutAndTheRecordWritten() {
    InMemorySink sink = memory();
    Logger.get("app").exception(new EndlessCauses());

    String trace = (String) sink.records().get(0).attributes().get("exception.stacktrace");
    // ExceptionDescriber.MAX_THROWABLES and MAX_TRACE_CHARS (package-private in diagnostic).
    assertThat(trace).contains("<exception chain cut after " + 64 + " exceptions>");
    assertThat(trace.length()).isLessThanOrEqualTo(256 * 1024);
  }

  @Test
  void case1_causeCyclesAndThrowingStackTracesGetMarkers() {
    InMemorySink sink = memory();
    IllegalStateException a = new IllegalStateException("a");
    IllegalArgumentException b = new IllegalArgumentException("b");
    a.initCause(b);
    b.initCause(a);
    RuntimeException noFrames = new RuntimeException("frames") {
      @Override
      public StackTraceElement[] getStackTrace() {
        throw new UnsupportedOperationException("no frames");
      }
    };
    a.addSuppressed(noFrames);
    Logger.get("app").exception(a);

    String trace = (String) sink.records().get(0).attributes().get("exception.stacktrace");
    assertThat(trace).startsWith("java.lang.IllegalStateException: a\n")
        .contains("Caused by: java.lang.IllegalArgumentException: b")
        .contains("[CIRCULAR REFERENCE: java.lang.IllegalStateException: a]")
        .contains("<stack trace unavailable: getStackTrace threw"
            + " java.lang.UnsupportedOperationException>");
  }

  @Test
  void case1_anOrdinaryTraceReadsLikePrintStackTrace() {
    InMemorySink sink = memory();
    IllegalStateException error = new IllegalStateException("outer",
        new java.io.IOException("disk"));
    Logger.get("app").exception(error);

    java.io.StringWriter expected = new java.io.StringWriter();
    error.printStackTrace(new java.io.PrintWriter(expected));
    assertThat(sink.records().get(0).attributes().get("exception.stacktrace"))
        .isEqualTo(expected.toString().replace(System.lineSeparator(), "\n"));
  }

  // Case 11: call-site attributes win over the exception's.

  @Test
  void case11_aCallSiteExceptionMessageWins() {
    InMemorySink sink = memory();
    Logger.get("app").exception(new IllegalStateException("secret detail"),
        Attrs.of("exception.message", "payment failed", "order.id", 7));

    Attrs attributes = sink.records().get(0).attributes();
    assertThat(attributes.get("exception.message")).isEqualTo("payment failed");
    assertThat(attributes.get("exception.type")).isEqualTo("java.lang.IllegalStateException");
    assertThat(attributes.get("order.id")).isEqualTo(7L);
  }

  // Case 2: well-known types through the core API.

  @Test
  void case2_aPathAttributeIsWrittenAsThePath() throws Exception {
    InMemorySink sink = memory();
    Logger.get("app").info("opened", Attrs.of("file.path", Path.of("/var/log/app.jsonl")));

    LogRecord record = sink.records().get(0);
    assertThat(record.attributes().get("file.path")).isEqualTo("/var/log/app.jsonl");
    assertThat(JsonLinesEncoder.encode(record)).contains("\"file.path\":\"/var/log/app.jsonl\"");
    assertThat(diagnostics.messages()).isEmpty();
  }

  // Case 3: one depth limit, shared by the converter, the encoder and the parser.

  @Test
  void case3_whateverDepthIsWrittenParses() throws Exception {
    InMemorySink sink = memory();
    Map<String, Object> forty = nested(40);
    Map<String, Object> atTheLimit = nested(Values.MAX_DEPTH - 1);
    Map<String, Object> beyond = nested(Values.MAX_DEPTH + 20);
    Logger.get("app").info("deep", Attrs.of("forty", forty, "limit", atTheLimit));
    Logger.get("app").info("deeper", Attrs.of("beyond", beyond));

    for (LogRecord record : sink.records()) {
      String line = JsonLinesEncoder.encode(record);
      LogRecord parsed = JsonLinesParser.parse(line);
      assertThat(JsonLinesEncoder.encode(parsed)).isEqualTo(line);
    }
    String fortyDeep = JsonLinesEncoder.encode(sink.records().get(0));
    assertThat(fortyDeep).contains("\"leaf\":\"bottom\"");
    assertThat(JsonLinesEncoder.encode(sink.records().get(1))).contains(Values.DEPTH_EXCEEDED);
  }

  @Test
  void case3_aCutByAnEncoderIsReportedToo() {
    // 200 levels: whole after conversion (512), cut in an OTel JSON line (128).
    InMemorySink sink = memory();
    Logger.get("app").info("deep", Attrs.of("deep", nested(200)));
    String otel = OtelJsonEncoder.encode(sink.records().get(0));
    assertThat(otel).contains(Values.DEPTH_EXCEEDED);
    assertThat(diagnostics.messages())
        .containsExactly("attribute value nested deeper than 128 levels was cut off");

    // Maps nested as Attrs are already canonical (not converted, so not cut on the way in): the
    // dagstack JSON writer cuts them at 512 and says so.
    Object deep = "leaf";
    for (int i = 0; i < Values.MAX_DEPTH + 20; i++) {
      deep = Attrs.of("k", deep);
    }
    String line = JsonLinesEncoder.encode(
        LogRecord.builder().timeUnixNano(1L).attributes(Attrs.of("deep", deep)).build());
    assertThat(line).contains(Values.DEPTH_EXCEEDED);
    assertThat(diagnostics.messages()).containsExactly(
        "attribute value nested deeper than 128 levels was cut off",
        "attribute value nested deeper than 512 levels was cut off");
  }

  private static Map<String, Object> nested(int depth) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("leaf", "bottom");
    for (int i = 1; i < depth; i++) {
      Map<String, Object> outer = new LinkedHashMap<>();
      outer.put("n", value);
      value = outer;
    }
    return value;
  }

  // Case 4: re-entrancy.

  @Test
  void case4_aSinkWhoseEmitLogsNeitherRecursesNorLosesTheOuterRecord() {
    InMemorySink memory = new InMemorySink(100);
    Logger logger = Logger.get("app");
    Sink chatty = new Sink() {
      @Override
      public String id() {
        return "chatty";
      }

      @Override
      public void emit(LogRecord record) {
        logger.info("sink saw " + record.bodyText()); // re-enters the pipeline
        memory.emit(record);
      }

      @Override
      public FlushResult flush(Duration timeout) {
        return FlushResult.ok();
      }

      @Override
      public void close() {}

      @Override
      public boolean supportsSeverity(int severityNumber) {
        return true;
      }
    };
    Logger.configure(LoggerConfiguration.builder().sinks(chatty).build());
    long before = DropLedger.pipeline().count(DropReason.REENTRANT);

    for (int i = 0; i < 5; i++) {
      logger.info("outer " + i);
    }

    assertThat(memory.records()).extracting(LogRecord::bodyText)
        .containsExactly("outer 0", "outer 1", "outer 2", "outer 3", "outer 4");
    assertThat(DropLedger.pipeline().count(DropReason.REENTRANT) - before).isEqualTo(5);
    Logger.root().flush(LONG);
    assertThat(diagnostics.records()).filteredOn(r -> r.bodyText().contains("inside the logging"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.attributes().get("dagstack.dropped.reentrant")).isNotNull());
  }

  @Test
  void case4_aConsoleStreamThatLogsDoesNotFeedItsOwnWorker() throws Exception {
    Logger logger = Logger.get("app");
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    OutputStream loggingStream = new OutputStream() {
      @Override
      public void write(int b) {
        written.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        written.write(b, off, len);
        // Standard error redirected into the logger: every write logs again.
        logger.warn("stderr: " + new String(b, off, len, StandardCharsets.UTF_8).strip());
      }
    };
    ConsoleSink console = ConsoleSink.builder().mode(ConsoleSink.Mode.JSON)
        .stream(loggingStream).build();
    Logger.configure(LoggerConfiguration.builder().sinks(console).build());
    long before = DropLedger.pipeline().count(DropReason.REENTRANT);

    logger.info("one");
    logger.info("two");
    FlushResult result = Logger.root().flush(LONG);

    assertThat(result.success()).isTrue();
    String text = written.toString(StandardCharsets.UTF_8);
    assertThat(text.lines()).hasSize(2).allSatisfy(line -> assertThat(line).doesNotContain(
        "stderr:"));
    assertThat(DropLedger.pipeline().count(DropReason.REENTRANT) - before).isBetween(1L, 2L);
  }

  // Case 5 (and the drop half of 6): every drop reported, exact, also what the rate limit held.

  @Test
  void case5_dropsAreReportedWithExactCountsAndTheFlushSaysSo() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    OutputStream stuck = new OutputStream() {
      @Override
      public void write(int b) {}

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        entered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
      }
    };
    ConsoleSink console = ConsoleSink.builder().id("stuck").mode(ConsoleSink.Mode.JSON)
        .stream(stuck).bufferSize(10).overflow(OverflowPolicy.DROP_OLDEST).build();
    Logger.configure(LoggerConfiguration.builder().sinks(console).build());
    Logger logger = Logger.get("app");
    logger.info("first");
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 5_000; i++) {
          logger.info("record");
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    // 20,000 emitted behind a stuck writer with room for 10: exactly 19,990 dropped.
    assertThat(console.droppedCount(DropReason.BUFFER_FULL)).isEqualTo(19_990);
    release.countDown();
    FlushResult result = Logger.root().flush(LONG);

    assertThat(result.success()).isFalse();
    assertThat(result.partial()).isTrue();
    assertThat(result.droppedCount()).isEqualTo(19_990);
    assertThat(result.failedSinks()).singleElement()
        .satisfies(failed -> assertThat(failed.sinkId()).isEqualTo("stuck"));
    // The first drop was reported at once, the rest (held by the rate limit) at the flush.
    List<LogRecord> reports = diagnostics.records().stream()
        .filter(r -> "stuck".equals(r.attributes().get("sink.id"))
            && r.attributes().get("dagstack.dropped.buffer_full") != null)
        .toList();
    assertThat(reports).hasSizeGreaterThanOrEqualTo(2);
    assertThat(reports.stream()
        .mapToLong(r -> (Long) r.attributes().get("dagstack.dropped.buffer_full")).sum())
        .isEqualTo(19_990);
    assertThat(reports.get(reports.size() - 1).attributes()
        .get("dagstack.dropped_total.buffer_full")).isEqualTo(19_990L);
    // A later flush with nothing lost succeeds again.
    logger.info("after");
    assertThat(Logger.root().flush(LONG).success()).isTrue();
  }

  @Test
  void case6_reportsHeldBackByTheRateLimitAreSummarisedAtFlush() {
    memory();
    for (int i = 0; i < 4; i++) {
      Diagnostics.warnLimited("test-held-back", "something odd", Attrs.of("n", i));
    }
    assertThat(diagnostics.messages()).containsExactly("something odd");

    Logger.root().flush(LONG);

    assertThat(diagnostics.records()).hasSize(2);
    LogRecord summary = diagnostics.records().get(1);
    assertThat(summary.bodyText()).startsWith("something odd (summary");
    assertThat(summary.attributes().get("dagstack.suppressed_count")).isEqualTo(3L);
    assertThat(summary.attributes().get("n")).isEqualTo(3L);
    // Nothing is repeated at the next flush or close.
    Logger.root().close();
    assertThat(diagnostics.records()).hasSize(2);
  }

  // Case 12: resource attributes go through redaction.

  @Test
  void case12_secretResourceAttributesAreMasked() {
    InMemorySink sink = new InMemorySink(10);
    java.util.function.UnaryOperator<String> previous = Logger.environment;
    Logger.environment = name -> "OTEL_RESOURCE_ATTRIBUTES".equals(name)
        ? "deploy_token=tok-123,region=eu" : null;
    try {
      Logger.configure(LoggerConfiguration.builder().sinks(sink)
          .resourceAttribute("service.name", "orders")
          .resourceAttribute("db_password", "hunter2").build());
      Logger.get("app").info("x");
    } finally {
      Logger.environment = previous;
    }
    LogRecord record = sink.records().get(0);
    assertThat(record.resource().attributes()).containsEntry("db_password", "***")
        .containsEntry("deploy_token", "***").containsEntry("service.name", "orders")
        .containsEntry("region", "eu");
    assertThat(JsonLinesEncoder.encode(record)).doesNotContain("hunter2").doesNotContain("tok-123");
  }
}
