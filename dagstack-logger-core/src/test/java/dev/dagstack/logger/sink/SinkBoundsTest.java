package dev.dagstack.logger.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import dev.dagstack.logger.wire.JsonLinesParser;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, cases 9, 10 and 13: size limits, the file size count, byte-bounded buffers. */
@Timeout(60)
class SinkBoundsTest {

  private static final Duration LONG = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  // Case 9: a sink never writes a line the CLI rejects.

  @Test
  void aRecordTooDeepToSizeOnTheEmittingThreadIsCountedNotThrown() throws Exception {
    Attrs deep = Attrs.of("leaf", 1L);
    for (int i = 0; i < 50_000; i++) {
      deep = Attrs.of("a", deep);
    }
    LogRecord record = LogRecord.builder().body("deep").attributes(Attrs.of("v", deep)).build();
    try (ConsoleSink sink = ConsoleSink.builder().mode(ConsoleSink.Mode.JSON)
        .stream(java.io.OutputStream.nullOutputStream()).build()) {
      Throwable[] thrown = new Throwable[1];
      Thread small = new Thread(null, () -> {
        try {
          sink.emit(record);
        } catch (Throwable t) {
          thrown[0] = t;
        }
      }, "small-stack", 256 << 10);
      small.start();
      small.join();
      assertThat(thrown[0]).isNull();
      assertThat(sink.droppedCount(DropReason.RECORD_TOO_LARGE)).isEqualTo(1);
    }
  }

  @Test
  void aCutRecordThatStartsANewFileIsReportedOnce() throws Exception {
    Path live = dir.resolve("app.jsonl");
    String id = "cut-rotation";
    try (StandardErrorCapture stderr = new StandardErrorCapture()) {
      try (FileSink sink = FileSink.builder(live).id(id).maxBytes(1500).keep(20)
          .maxRecordBytes(1024).build()) {
        for (int i = 0; i < 10; i++) {
          sink.emit(LogRecord.builder().body("x".repeat(5000)).build());
        }
        assertThat(sink.flush(LONG).success()).isTrue();
      }
      dev.dagstack.logger.diagnostic.Diagnostics.reportHeldBack();
      long reported = 0;
      for (String line : stderr.text().split("\n")) {
        if (line.contains("had its long strings cut") && line.contains(id)) {
          Object suppressed = JsonLinesParser.parse(line).attributes()
              .get("dagstack.suppressed_count");
          reported += 1 + (suppressed == null ? 0 : (Long) suppressed)
              - (line.contains("(summary of reports held back") ? 1 : 0);
        }
      }
      // Ten records cut (each report, or summary, counts them), every other one starting a new
      // file: a record that rotates the file is not encoded, and reported, a second time.
      assertThat(reported).isEqualTo(10);
    }
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      assertThat(files.count()).isEqualTo(5);
    }
  }

  @Test
  void case9_aTwentyMebibyteStringIsCutToTheMaximumRecordSizeAndStillParses() throws Exception {
    Path live = dir.resolve("app.jsonl");
    String huge = "x".repeat(20 << 20);
    try (StandardErrorCapture stderr = new StandardErrorCapture();
        FileSink sink = new FileSink(live)) {
      sink.emit(LogRecord.builder().body("big").attributes(Attrs.of("payload", huge, "small", "kept"))
          .build());
      assertThat(sink.flush(LONG).success()).isTrue();
      assertThat(stderr.text()).contains("had its long strings cut").contains(sink.id());
    }
    byte[] bytes = Files.readAllBytes(live);
    String line = new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
    assertThat(bytes.length - 1).isLessThanOrEqualTo(AsyncSinkDefaults.MAX_RECORD_BYTES)
        .isLessThanOrEqualTo(JsonLinesEncoder.MAX_LINE_BYTES);
    LogRecord parsed = JsonLinesParser.parse(line);
    String payload = (String) parsed.attributes().get("payload");
    assertThat(payload).startsWith("xxxx").endsWith(" chars>").contains("...<cut ");
    assertThat(parsed.attributes().get("small")).isEqualTo("kept");
  }

  @Test
  void case9_aRecordThatCannotFitIsDroppedAndCounted() throws Exception {
    Path live = dir.resolve("app.jsonl");
    Attrs.Builder many = Attrs.builder();
    for (int i = 0; i < 200; i++) {
      many.put("key.number." + i, i);
    }
    try (StandardErrorCapture stderr = new StandardErrorCapture();
        FileSink sink = FileSink.builder(live).maxRecordBytes(1024).build()) {
      sink.emit(LogRecord.builder().body("too many keys").attributes(many.build()).build());
      sink.emit(LogRecord.builder().body("fine").build());
      FlushResult result = sink.flush(LONG);
      assertThat(result.success()).isFalse();
      assertThat(result.droppedCount()).isEqualTo(1);
      assertThat(sink.droppedCount(DropReason.RECORD_TOO_LARGE)).isEqualTo(1);
      assertThat(stderr.text()).contains("record_too_large");
    }
    assertThat(Files.readAllLines(live)).singleElement().asString().contains("\"body\":\"fine\"");
  }

  @Test
  void case9_theMaximumRecordSizeIsChecked() {
    assertThatThrownBy(() -> FileSink.builder(dir.resolve("a.jsonl")).maxRecordBytes(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRecordBytes must be between 1024 and 67108864, got 10");
    assertThatThrownBy(() -> ConsoleSink.builder().bufferBytes(0).build())
        .hasMessageContaining("bufferBytes must be at least 1, got 0");
    // Refused before the buffer (allocated whole) is made: no gigabytes at start, no OOM.
    assertThatThrownBy(() -> ConsoleSink.builder().bufferSize(Integer.MAX_VALUE).build())
        .hasMessageContaining("bufferSize must be at most 16777215");
    assertThatThrownBy(() -> ConsoleSink.builder().bufferBytes(Long.MAX_VALUE).build())
        .hasMessageContaining("bufferBytes must be at most 549755813887 (512 GiB)");
  }

  // Case 10: the size count follows the real file.

  @Test
  void case10_afterCopytruncateTheFileRotatesByItsRealSize() throws Exception {
    Path live = dir.resolve("app.jsonl");
    int line = JsonLinesEncoder.encode(SinkTestRecords.fixed("before 00")).length() + 1;
    try (FileSink sink = FileSink.builder(live).maxBytes(25L * line).keep(2).build()) {
      for (int i = 10; i < 30; i++) {
        sink.emit(SinkTestRecords.fixed("before " + i));
      }
      assertThat(sink.flush(LONG).success()).isTrue();
      assertThat(Files.size(live)).isEqualTo(20L * line);

      // logrotate copytruncate: the content is copied away and the live file truncated in place.
      try (FileChannel channel = FileChannel.open(live, StandardOpenOption.WRITE)) {
        channel.truncate(0);
      }
      for (int i = 10; i < 30; i++) {
        sink.emit(SinkTestRecords.fixed("after0 " + i));
      }
      assertThat(sink.flush(LONG).success()).isTrue();
    }
    // The old count (40 lines against room for 25) rotated early; the real size (20) does not.
    assertThat(Files.exists(dir.resolve("app.jsonl.1"))).isFalse();
    List<String> lines = Files.readAllLines(live);
    assertThat(lines).hasSize(20);
    assertThat(lines.get(0)).contains("after0 10");
  }

  // Case 13: buffers are bounded in bytes.

  @Test
  void case13_aStuckSinkHoldsAtMostItsByteBoundAndCountsEveryDrop() throws Exception {
    AsyncDeliveryTest.GatedWriter writer = new AsyncDeliveryTest.GatedWriter(true);
    long bound = 2L << 20;
    AsyncDelivery delivery = new AsyncDelivery("bytes", OverflowPolicy.DROP_OLDEST, 8192, bound,
        writer);
    LogRecord wide = wideRecord();
    long size = RecordSize.estimate(wide);
    assertThat(size).isGreaterThan(20_000);

    delivery.emit(wide);
    assertThat(writer.entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    int emitted = 1;
    for (int i = 0; i < 2_000; i++) {
      delivery.emit(wide);
      emitted++;
      assertThat(delivery.bufferedBytes()).isLessThanOrEqualTo(bound);
    }
    long held = bound / size; // records that fit, the one being written included
    long dropped = delivery.droppedCount(DropReason.BUFFER_FULL);
    assertThat(dropped).isBetween(emitted - held - 1, emitted - held + 1);

    writer.release.countDown();
    FlushResult result = delivery.flush(LONG);
    assertThat(result.droppedCount()).isEqualTo(dropped);
    assertThat(writer.written()).hasSize((int) (emitted - dropped));
    delivery.close();
  }

  @Test
  void case13_aRecordLargerThanTheWholeBufferIsDroppedNeverThrown() {
    AsyncDeliveryTest.GatedWriter writer = new AsyncDeliveryTest.GatedWriter(false);
    AsyncDelivery delivery = new AsyncDelivery("tiny", OverflowPolicy.BLOCK, 16, 10_000, writer);
    delivery.emit(wideRecord()); // BLOCK must not wait forever for room that can never be
    delivery.emit(AsyncDeliveryTest.record("small"));
    FlushResult result = delivery.flush(LONG);
    assertThat(delivery.droppedCount(DropReason.RECORD_TOO_LARGE)).isEqualTo(1);
    assertThat(result.droppedCount()).isEqualTo(1);
    assertThat(writer.written()).containsExactly("small");
    delivery.close();
  }

  @Test
  void case13_blockWaitsForBytesToFreeUpAndLosesNothing() throws Exception {
    AsyncDeliveryTest.GatedWriter writer = new AsyncDeliveryTest.GatedWriter(false);
    LogRecord wide = wideRecord();
    long size = RecordSize.estimate(wide);
    AsyncDelivery delivery = new AsyncDelivery("block-bytes", OverflowPolicy.BLOCK, 8192,
        3 * size, writer);
    for (int i = 0; i < 200; i++) {
      delivery.emit(wide);
    }
    assertThat(delivery.flush(LONG).success()).isTrue();
    assertThat(writer.written()).hasSize(200);
    delivery.close();
  }

  /** A record with 300 attributes, like the issue's. */
  private static LogRecord wideRecord() {
    Attrs.Builder attributes = Attrs.builder();
    for (int i = 0; i < 300; i++) {
      attributes.put("attribute.number." + i, "value of attribute " + i);
    }
    return LogRecord.builder().body("wide").attributes(attributes.build()).build();
  }
}
