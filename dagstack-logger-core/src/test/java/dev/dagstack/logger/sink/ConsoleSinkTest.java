package dev.dagstack.logger.sink;

import static dev.dagstack.logger.sink.SinkTestRecords.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import dev.dagstack.logger.wire.PrettyFormatter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ConsoleSinkTest {

  private static final Duration LONG = Duration.ofSeconds(10);
  private static final LogRecord WARNING = fixed("disk almost full").toBuilder()
      .severityNumber(Severity.WARN).attributes(java.util.Map.of("disk.free", "2 GB")).build();

  private static String written(ConsoleSink.Builder builder, LogRecord... records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ConsoleSink sink = builder.stream(out).build()) {
      for (LogRecord record : records) {
        sink.emit(record);
      }
      assertThat(sink.flush(LONG).success()).isTrue();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void jsonModeWritesCanonicalLines() {
    String text = written(ConsoleSink.builder().mode(ConsoleSink.Mode.JSON), WARNING, fixed("b"));
    assertThat(text).isEqualTo(
        JsonLinesEncoder.encode(WARNING) + "\n" + JsonLinesEncoder.encode(fixed("b")) + "\n");
  }

  @Test
  void prettyModeWritesPlainLinesOffATerminal() {
    String text = written(ConsoleSink.builder().mode(ConsoleSink.Mode.PRETTY), WARNING);
    assertThat(text).isEqualTo(PrettyFormatter.format(WARNING, false) + "\n");
    assertThat(text).doesNotContain("\u001b[");
  }

  @Test
  void prettyModeColoursOnATerminal() {
    String text = written(
        ConsoleSink.builder().mode(ConsoleSink.Mode.PRETTY).terminal(true), WARNING);
    assertThat(text).isEqualTo(PrettyFormatter.format(WARNING, true) + "\n");
    assertThat(text).contains("\u001b[");
  }

  @Test
  void autoModeIsJsonOffATerminalAndPrettyOnOne() {
    assertThat(written(ConsoleSink.builder(), WARNING))
        .isEqualTo(JsonLinesEncoder.encode(WARNING) + "\n");
    assertThat(written(ConsoleSink.builder().terminal(true), WARNING))
        .isEqualTo(PrettyFormatter.format(WARNING, true) + "\n");
  }

  @Test
  void writesToStandardErrorByDefault() {
    try (StandardErrorCapture stderr = new StandardErrorCapture()) {
      try (ConsoleSink sink = ConsoleSink.builder().mode(ConsoleSink.Mode.JSON).build()) {
        assertThat(sink.id()).isEqualTo("console:json");
        sink.emit(WARNING);
      }
      assertThat(stderr.text()).contains(JsonLinesEncoder.encode(WARNING) + "\n");
    }
    try (ConsoleSink sink = ConsoleSink.auto()) {
      assertThat(sink.id()).isEqualTo("console:auto");
    }
  }

  @Test
  void filtersBySeverity() {
    try (ConsoleSink sink = ConsoleSink.builder().minSeverity(Severity.WARN)
        .stream(OutputStream.nullOutputStream()).build()) {
      assertThat(sink.supportsSeverity(Severity.INFO)).isFalse();
      assertThat(sink.supportsSeverity(Severity.WARN)).isTrue();
    }
  }

  @Test
  void aStuckStreamNeitherBlocksTheCallerNorLosesCountOfDrops() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OutputStream stuck = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        synchronized (sink) {
          sink.write(b, off, len);
        }
      }
    };
    try (ConsoleSink console = ConsoleSink.builder().mode(ConsoleSink.Mode.JSON).stream(stuck)
        .overflow(OverflowPolicy.DROP_NEWEST).bufferSize(10).build()) {
      console.emit(fixed("first"));
      entered.await();
      for (int i = 0; i < 25; i++) {
        console.emit(fixed("queued " + i));
      }
      // The caller got here while the stream is stuck: 10 records wait, 15 did not fit.
      assertThat(console.droppedCount(DropReason.BUFFER_FULL)).isEqualTo(15);
      assertThat(console.flush(Duration.ZERO).failedSinks()).singleElement()
          .satisfies(failed -> {
            assertThat(failed.error()).isEqualTo("timed out with 11 records pending;"
                + " 15 records dropped since the previous flush (buffer_full: 15)");
            assertThat(failed.droppedCount()).isEqualTo(15);
          });
      release.countDown();
      assertThat(console.flush(LONG).success()).isTrue();
    }
    synchronized (sink) {
      assertThat(sink.toString(StandardCharsets.UTF_8).split("\n")).hasSize(11);
    }
  }
}
