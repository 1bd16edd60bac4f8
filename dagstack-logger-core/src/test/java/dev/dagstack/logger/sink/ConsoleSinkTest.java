package dev.dagstack.logger.sink;

import static dev.dagstack.logger.sink.SinkTestRecords.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.FlushResult;
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

  /**
   * Collects what is written (or, failing, throws for every write); every write waits until
   * {@link #release} opens.
   */
  private static final class GatedStream extends OutputStream {
    final CountDownLatch writing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean failing;

    GatedStream() {
      this(false);
    }

    GatedStream(boolean failing) {
      this.failing = failing;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      writing.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failing) {
        throw new IOException("disk gone");
      }
      synchronized (out) {
        out.write(bytes, offset, length);
      }
    }

    String[] lines() {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8).split("\n");
      }
    }
  }

  @Test
  void behindAStuckStreamTheCallersEncodeTheSameLinesInOrder() throws Exception {
    GatedStream stuck = new GatedStream();
    CountDownLatch writing = stuck.writing;
    CountDownLatch release = stuck.release;
    long past = SinkTestRecords.TIME;
    java.util.List<LogRecord> records = new java.util.ArrayList<>();
    try (ConsoleSink sink = ConsoleSink.builder().mode(ConsoleSink.Mode.JSON).stream(stuck)
        .overflow(OverflowPolicy.BLOCK).bufferSize(8).build()) {
      for (int i = 0; i <= 8; i++) {
        records.add(LogRecord.builder().timeUnixNano(past).body("r" + i).build());
      }
      sink.emit(records.get(0));
      assertThat(writing.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      for (int i = 1; i <= 8; i++) {
        sink.emit(records.get(i));
      }
      release.countDown();
      assertThat(sink.flush(LONG).success()).isTrue();
    }
    String[] lines = stuck.lines();
    assertThat(lines).hasSize(9);
    long[] observed = new long[9];
    for (int i = 0; i <= 8; i++) {
      LogRecord line = dev.dagstack.logger.wire.JsonLinesParser.parse(lines[i]);
      observed[i] = line.observedTimeUnixNano();
      assertThat(lines[i]).isEqualTo(JsonLinesEncoder.encode(
          records.get(i).toBuilder().observedTimeUnixNano(observed[i]).build()));
    }
    // Eight records of room: from the third queued one on, the emitting thread encoded them
    // while the worker was stuck; the worker encoded r1 and r2 at its next batch, after the
    // release. Every line of that batch has its time as the observed time, whoever encoded it.
    for (int i = 2; i <= 8; i++) {
      assertThat(observed[i]).as("r%d", i).isEqualTo(observed[1]);
    }
    assertThat(observed[1]).isGreaterThanOrEqualTo(observed[0]);
  }

  @Test
  void behindAStuckStreamLongRecordsAreStillCutOrDroppedOnceAndCounted() throws Exception {
    GatedStream stuck = new GatedStream();
    java.util.Map<String, Object> wide = new java.util.HashMap<>();
    for (int i = 0; i < 100; i++) {
      wide.put("attribute.number." + i, i);
    }
    LogRecord tooLarge = fixed("too large").toBuilder().attributes(wide).build();
    LogRecord longBody = fixed("x".repeat(5000));
    try (ConsoleSink sink = ConsoleSink.builder().mode(ConsoleSink.Mode.JSON).stream(stuck)
        .overflow(OverflowPolicy.BLOCK).bufferSize(8).maxRecordBytes(1024).build()) {
      sink.emit(fixed("r0"));
      assertThat(stuck.writing.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      sink.emit(fixed("r1"));
      sink.emit(fixed("r2"));
      // Two queued: from here the emitting thread encodes, and leaves these two to the worker.
      sink.emit(longBody);
      sink.emit(tooLarge);
      sink.emit(fixed("r5"));
      stuck.release.countDown();
      FlushResult flushed = sink.flush(LONG);
      assertThat(flushed.droppedCount()).isEqualTo(1);
      assertThat(sink.droppedCount(DropReason.RECORD_TOO_LARGE)).isEqualTo(1);
    }
    String[] lines = stuck.lines();
    assertThat(lines).hasSize(5);
    assertThat(lines[3]).startsWith("{\"body\":\"xxx").hasSizeLessThanOrEqualTo(1024);
    assertThat(lines[4]).isEqualTo(JsonLinesEncoder.encode(fixed("r5")));
  }

  @Test
  void aTooLargeRecordInABatchThatFailsIsCountedOnce() throws Exception {
    GatedStream failing = new GatedStream(true);
    CountDownLatch writing = failing.writing;
    CountDownLatch release = failing.release;
    java.util.Map<String, Object> wide = new java.util.HashMap<>();
    for (int i = 0; i < 100; i++) {
      wide.put("attribute.number." + i, i);
    }
    try (ConsoleSink sink = ConsoleSink.builder().mode(ConsoleSink.Mode.JSON).stream(failing)
        .maxRecordBytes(1024).build()) {
      sink.emit(fixed("r0"));
      assertThat(writing.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      sink.emit(fixed("r1"));
      sink.emit(fixed("too large").toBuilder().attributes(wide).build());
      sink.emit(fixed("r3"));
      release.countDown();
      FlushResult flushed = sink.flush(LONG);
      assertThat(flushed.droppedCount()).isEqualTo(4);
      assertThat(sink.droppedCount(DropReason.WRITE_ERROR)).isEqualTo(3);
      assertThat(sink.droppedCount(DropReason.RECORD_TOO_LARGE)).isEqualTo(1);
    }
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
    GatedStream stuck = new GatedStream();
    CountDownLatch entered = stuck.writing;
    CountDownLatch release = stuck.release;
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
    assertThat(stuck.lines()).hasSize(11);
  }
}
