package dev.dagstack.logger.sink;

import static dev.dagstack.logger.sink.SinkTestRecords.fixed;
import static dev.dagstack.logger.sink.SinkTestRecords.lineLength;
import static dev.dagstack.logger.sink.SinkTestRecords.tagged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.JsonLinesParser;
import dev.dagstack.logger.wire.OtelJsonEncoder;
import dev.dagstack.logger.wire.OtelJsonParser;
import dev.dagstack.logger.wire.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTimeRotationTest {

  private static final Duration LONG = Duration.ofSeconds(30);
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  @TempDir
  Path dir;

  /** A clock the test moves by hand. */
  static final class TestClock extends Clock {
    private final AtomicReference<Instant> now;

    TestClock(String instant) {
      this.now = new AtomicReference<>(Instant.parse(instant));
    }

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private static List<String> text(Path file) throws IOException {
    byte[] bytes;
    if (file.getFileName().toString().endsWith(".gz")) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        bytes = in.readAllBytes();
      }
    } else {
      bytes = Files.readAllBytes(file);
    }
    String content = new String(bytes, StandardCharsets.UTF_8);
    assertThat(content).as("whole lines only in %s", file).matches("(?s)(.*\n)?");
    return content.isEmpty() ? List.of() : List.of(content.substring(0, content.length() - 1).split("\n", -1));
  }

  private static List<String> bodies(Path file) throws Exception {
    List<String> bodies = new ArrayList<>();
    for (String line : text(file)) {
      bodies.add(JsonLinesParser.parse(line).bodyText());
    }
    return bodies;
  }

  private FileSink.Builder daily(TestClock clock) {
    return FileSink.builder(dir.resolve("app.jsonl")).rotateEvery(RotationInterval.DAILY)
        .zone(TOKYO).clock(clock);
  }

  private static void write(FileSink sink, String... bodies) {
    for (String body : bodies) {
      sink.emit(fixed(body));
    }
    assertThat(sink.flush(LONG).success()).isTrue();
  }

  @Test
  void aNewDayInTheConfiguredZoneStartsANewFileWithADatedName() throws Exception {
    // 14:30 UTC is 23:30 in Tokyo: the day ends half an hour later there.
    TestClock clock = new TestClock("2026-11-30T14:30:00Z");
    try (FileSink sink = daily(clock).build()) {
      write(sink, "a", "b");
      clock.advance(Duration.ofMinutes(40));
      write(sink, "c");
      clock.advance(Duration.ofDays(1));
      write(sink, "d");
    }
    assertThat(names()).containsExactly("app.2026-11-30.1.jsonl", "app.2026-12-01.1.jsonl", "app.jsonl");
    assertThat(bodies(dir.resolve("app.2026-11-30.1.jsonl"))).containsExactly("a", "b");
    assertThat(bodies(dir.resolve("app.2026-12-01.1.jsonl"))).containsExactly("c");
    assertThat(bodies(dir.resolve("app.jsonl"))).containsExactly("d");
  }

  @Test
  void sizeAndHourTogetherNumberWithinThePeriodAndARestartContinuesTheNumbering() throws Exception {
    TestClock clock = new TestClock("2026-11-30T10:05:00Z");
    FileSink.Builder builder = FileSink.builder(dir.resolve("app.jsonl"))
        .rotateEvery(RotationInterval.HOURLY).zone(ZoneOffset.UTC).clock(clock)
        .maxBytes(2L * lineLength(fixed("r0")));
    try (FileSink sink = builder.build()) {
      write(sink, "r0", "r1", "r2", "r3", "r4");
    }
    assertThat(names()).containsExactly(
        "app.2026-11-30T10.1.jsonl", "app.2026-11-30T10.2.jsonl", "app.jsonl");
    try (FileSink sink = builder.build()) {
      write(sink, "r5", "r6");
      clock.advance(Duration.ofHours(1));
      write(sink, "r7");
    }
    assertThat(names()).containsExactly("app.2026-11-30T10.1.jsonl", "app.2026-11-30T10.2.jsonl",
        "app.2026-11-30T10.3.jsonl", "app.2026-11-30T10.4.jsonl", "app.jsonl");
    assertThat(bodies(dir.resolve("app.2026-11-30T10.3.jsonl"))).containsExactly("r4", "r5");
    assertThat(bodies(dir.resolve("app.2026-11-30T10.4.jsonl"))).containsExactly("r6");
    assertThat(bodies(dir.resolve("app.jsonl"))).containsExactly("r7");
  }

  @Test
  void aLiveFileLeftByAnEarlierDayIsRotatedUnderThatDay() throws Exception {
    Path live = dir.resolve("app.jsonl");
    Files.writeString(live, dev.dagstack.logger.wire.JsonLinesEncoder.encode(fixed("old")) + "\n");
    Files.setLastModifiedTime(live, FileTime.from(Instant.parse("2026-11-28T03:00:00Z")));
    TestClock clock = new TestClock("2026-11-30T03:00:00Z");
    try (FileSink sink = daily(clock).build()) {
      write(sink, "new");
    }
    assertThat(names()).containsExactly("app.2026-11-28.1.jsonl", "app.jsonl");
    assertThat(bodies(dir.resolve("app.2026-11-28.1.jsonl"))).containsExactly("old");
    assertThat(bodies(live)).containsExactly("new");
  }

  @Test
  void rotatedFilesAreGzippedAndPrunedByCount() throws Exception {
    TestClock clock = new TestClock("2026-11-01T00:30:00Z");
    try (FileSink sink = daily(clock).zone(ZoneOffset.UTC).compress(true).keep(2).build()) {
      for (int day = 1; day <= 4; day++) {
        write(sink, "day" + day);
        clock.advance(Duration.ofDays(1));
      }
      write(sink, "day5");
    }
    assertThat(names()).containsExactly(
        "app.2026-11-03.1.jsonl.gz", "app.2026-11-04.1.jsonl.gz", "app.jsonl");
    assertThat(bodies(dir.resolve("app.2026-11-03.1.jsonl.gz"))).containsExactly("day3");
    assertThat(bodies(dir.resolve("app.2026-11-04.1.jsonl.gz"))).containsExactly("day4");
  }

  @Test
  void rotatedFilesArePrunedByAgeAndByTotalSize() throws Exception {
    TestClock clock = new TestClock("2026-11-01T12:00:00Z");
    try (FileSink sink = daily(clock).zone(ZoneOffset.UTC).maxAge(Duration.ofDays(2)).build()) {
      for (int day = 1; day <= 5; day++) {
        write(sink, "day" + day);
        clock.advance(Duration.ofDays(1));
      }
      write(sink, "day6");
    }
    // Now is Nov 6 12:00: Nov 3 ended Nov 4 00:00, more than 2 days ago.
    assertThat(names()).containsExactly("app.2026-11-04.1.jsonl", "app.2026-11-05.1.jsonl", "app.jsonl");

    Path other = dir.resolve("sub");
    long line = lineLength(fixed("dayN"));
    TestClock clock2 = new TestClock("2026-11-01T12:00:00Z");
    try (FileSink sink = FileSink.builder(other.resolve("svc.log")).rotateEvery(RotationInterval.DAILY)
        .zone(ZoneOffset.UTC).clock(clock2).maxTotalBytes(2 * line + 1).build()) {
      for (int day = 1; day <= 4; day++) {
        write(sink, "day" + day);
        clock2.advance(Duration.ofDays(1));
      }
      write(sink, "day5");
    }
    try (Stream<Path> files = Files.list(other)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("svc.2026-11-03.1.log", "svc.2026-11-04.1.log", "svc.log");
    }
  }

  @Test
  void concurrentWritersAcrossRotationsNeitherSplitNorLoseNorDuplicateALine() throws Exception {
    TestClock clock = new TestClock("2026-11-30T10:00:00Z");
    int threads = 4;
    int perThread = 1_000;
    FileSink sink = FileSink.builder(dir.resolve("app.jsonl")).rotateEvery(RotationInterval.HOURLY)
        .zone(ZoneOffset.UTC).clock(clock).compress(true).maxBytes(16_384)
        .overflow(OverflowPolicy.BLOCK).bufferSize(256).build();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long id = t;
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (long seq = 0; seq < perThread; seq++) {
          sink.emit(tagged(id, seq));
        }
      });
      producers.add(thread);
      thread.start();
    }
    start.countDown();
    // Hours pass while the producers write: rotation by time interleaves with rotation by size.
    for (int i = 0; i < 50; i++) {
      clock.advance(Duration.ofMinutes(7));
      Thread.yield();
    }
    for (Thread thread : producers) {
      thread.join(30_000);
    }
    sink.close();
    Set<String> seen = new HashSet<>();
    int lines = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.collect(Collectors.toList())) {
        assertThat(file.getFileName().toString()).doesNotEndWith(".tmp");
        for (String line : text(file)) {
          LogRecord record = JsonLinesParser.parse(line);
          lines++;
          assertThat(seen.add(record.attributes().get("t") + "/" + record.attributes().get("seq")))
              .as("duplicate line %s", line).isTrue();
        }
      }
    }
    assertThat(lines).isEqualTo(threads * perThread);
    assertThat(sink.droppedCount(DropReason.BUFFER_FULL)).isZero();
  }

  @Test
  void otelJsonLinesGoToFilesAndTheConsole() throws Exception {
    Path file = dir.resolve("otel.jsonl");
    LogRecord record = fixed("hello");
    try (FileSink sink = FileSink.builder(file).format(WireFormat.OTEL_JSON).build()) {
      sink.emit(record);
      assertThat(sink.flush(LONG).success()).isTrue();
    }
    assertThat(Files.readString(file)).isEqualTo(OtelJsonEncoder.encode(record) + "\n");
    assertThat(OtelJsonParser.parse(Files.readString(file).strip())).isEqualTo(record);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ConsoleSink sink = ConsoleSink.builder().mode(ConsoleSink.Mode.JSON).stream(out)
        .format(WireFormat.OTEL_JSON).build()) {
      sink.emit(record);
      assertThat(sink.flush(LONG).success()).isTrue();
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(OtelJsonEncoder.encode(record) + "\n");
  }

  @Test
  void otelJsonLinesKeepToTheRecordSizeLimit() throws Exception {
    Path file = dir.resolve("limited.jsonl");
    LogRecord big = fixed("x".repeat(5_000));
    try (FileSink sink = FileSink.builder(file).format(WireFormat.OTEL_JSON).maxRecordBytes(1024)
        .build()) {
      sink.emit(big);
      sink.flush(LONG);
    }
    String line = Files.readString(file).strip();
    assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
    assertThat(OtelJsonParser.parse(line).bodyText()).startsWith("xxxx").hasSizeLessThan(1024);
  }

  @Test
  void retentionSettingsWithoutRotationByTimeAreRejected() {
    assertThatThrownBy(() -> FileSink.builder(dir.resolve("a.jsonl")).compress(true).build())
        .hasMessageContaining("compress, maxAge and maxTotalBytes apply to dated rotated files:"
            + " set rotateEvery (hourly or daily) too");
    assertThatThrownBy(() -> FileSink.builder(dir.resolve("a.jsonl")).rotateEvery(RotationInterval.DAILY)
        .maxAge(Duration.ZERO).build())
        .hasMessageContaining("maxAge must be positive, got PT0S");
    assertThatThrownBy(() -> RotationInterval.parse("weekly"))
        .hasMessage("invalid rotation interval 'weekly': expected one of hourly, daily");
  }
}
