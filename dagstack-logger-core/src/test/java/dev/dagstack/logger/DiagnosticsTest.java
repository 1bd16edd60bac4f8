package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code dagstack.logger.internal} channel. */
class DiagnosticsTest {

  @AfterEach
  void tearDown() {
    Logger.reset();
  }

  @Test
  void writesOneJsonLinePerReportToStandardErrorByDefault() {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      Diagnostics.warn("sink x dropped 3 records", Attrs.of("sink.id", "x"));
      Diagnostics.error("boom", new IllegalStateException("why"), Attrs.empty());
    } finally {
      System.setErr(originalErr);
    }
    String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("{\"attributes\":{\"sink.id\":\"x\"},"
            + "\"body\":\"sink x dropped 3 records\","
            + "\"instrumentation_scope\":{\"name\":\"dagstack.logger.internal\"},")
        .contains("\"severity_number\":13,\"severity_text\":\"WARN\"");
    assertThat(lines[1]).contains("\"exception.type\":\"java.lang.IllegalStateException\"")
        .contains("\"severity_text\":\"ERROR\"");
  }

  @Test
  void redirectReturnsThePreviousTargetAndCaptureSeesRecordsFromAnyThread() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputStream previous = Diagnostics.redirect(out);
    try (Diagnostics.Capture capture = Diagnostics.capture()) {
      Thread worker = new Thread(() -> Diagnostics.warn("from a worker"));
      worker.start();
      worker.join();
      assertThat(capture.messages()).containsExactly("from a worker");
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"body\":\"from a worker\"");
      assertThat(Diagnostics.redirect(previous)).isSameAs(out);
    }
  }

  @Test
  void theChannelLoggerDoesNotInheritRootSinksAndIsNotRedacted() {
    InMemorySink root = new InMemorySink(10);
    Logger.configure(LoggerConfiguration.builder().sinks(root).build());
    OutputStream previous = Diagnostics.redirect(new ByteArrayOutputStream());
    try (Diagnostics.Capture capture = Diagnostics.capture()) {
      Logger.get(Diagnostics.LOGGER_NAME).warn("internal", Attrs.of("api_key", "visible"));
      assertThat(root.records()).isEmpty();
      assertThat(capture.records()).singleElement()
          .satisfies(r -> assertThat(r.attributes()).containsEntry("api_key", "visible"));
      assertThat(Logger.get(Diagnostics.LOGGER_NAME).effectiveRedactionSuffixes()).isEmpty();
    } finally {
      Diagnostics.redirect(previous);
    }
  }

  @Test
  void aReportMadeWhileReportingIsDroppedSoTheChannelNeverLoops() {
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    OutputStream reentrant = new OutputStream() {
      @Override
      public void write(int b) {
        written.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        // A target that itself reports (as a failing sink would) must not recurse.
        Diagnostics.warn("reported from inside the write");
        written.write(b, off, len);
      }
    };
    OutputStream previous = Diagnostics.redirect(reentrant);
    try (Diagnostics.Capture capture = Diagnostics.capture()) {
      Diagnostics.warn("outer");
      assertThat(capture.messages()).containsExactly("outer");
      assertThat(written.toString(StandardCharsets.UTF_8).split("\n")).hasSize(1);
    } finally {
      Diagnostics.redirect(previous);
    }
  }

  @Test
  void aValueThatCannotBeConvertedIsReportedNotThrown() {
    OutputStream previous = Diagnostics.redirect(new ByteArrayOutputStream());
    Object unconvertible = new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("toString refuses");
      }
    };
    InMemorySink sink = new InMemorySink(10);
    Logger.configure(LoggerConfiguration.builder().sinks(sink).build());
    try (Diagnostics.Capture capture = Diagnostics.capture()) {
      Logger.get("convert").info("x", java.util.Map.of("bad", unconvertible));
      assertThat(sink.records()).hasSize(1);
      assertThat(capture.messages()).anyMatch(m -> m.contains("could not be converted"));
    } finally {
      Diagnostics.redirect(previous);
    }
  }

  @Test
  void rateLimitedReportsCountWhatTheySuppress() {
    OutputStream previous = Diagnostics.redirect(new ByteArrayOutputStream());
    try (Diagnostics.Capture capture = Diagnostics.capture()) {
      for (int i = 0; i < 5; i++) {
        Diagnostics.sinkError("flaky", "write failed", null);
      }
      assertThat(capture.records()).singleElement()
          .satisfies(r -> assertThat(r.attributes()).containsEntry("sink.id", "flaky"));
      Diagnostics.resetRateLimits();
      Diagnostics.sinkError("flaky", "write failed", null);
      assertThat(capture.records()).hasSize(2);
    } finally {
      Diagnostics.redirect(previous);
    }
  }
}
