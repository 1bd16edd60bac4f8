package dev.dagstack.logger.sink;

import static dev.dagstack.logger.sink.SinkTestRecords.TIME;
import static dev.dagstack.logger.sink.SinkTestRecords.fixed;
import static dev.dagstack.logger.sink.SinkTestRecords.lineLength;
import static dev.dagstack.logger.sink.SinkTestRecords.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import dev.dagstack.logger.wire.JsonLinesParser;
import dev.dagstack.logger.wire.RecordEncoder;
import dev.dagstack.logger.wire.WireFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Records encoded on the emitting threads: the same lines, in the same order, or left alone. */
@Timeout(60)
class CallerEncodersTest {

  @TempDir
  Path dir;

  private static LogRecord unobserved(String body, long time) {
    return LogRecord.builder().timeUnixNano(time).body(body)
        .attributes(Attrs.of("thread.name", "worker-1", "n", 7)).build();
  }

  /** One encoder, counting in {@code made[0]} how many were made. */
  private static CallerEncoders counting(int[] made, int maxRecordBytes) {
    return new CallerEncoders(() -> {
      made[0]++;
      return WireFormat.JSON.newEncoder();
    }, maxRecordBytes, 1);
  }

  /** A caller's deferred line of {@code record}, or null. */
  private static byte[] encode(CallerEncoders encoders, LogRecord record) {
    return encoders.encode(record, RecordSize.estimate(record));
  }

  /** The line the worker writes of a deferred line, with {@code observed} as its batch's time. */
  private static byte[] appended(byte[] deferred, long observed) {
    JsonLinesEncoder encoder = new JsonLinesEncoder();
    encoder.appendDeferred(deferred, observed);
    return encoder.toByteArray();
  }

  /** A caller's line of {@code record} as the worker writes it in a batch of time 0, or null. */
  private static byte[] callerLine(CallerEncoders encoders, LogRecord record) {
    byte[] deferred = encode(encoders, record);
    return deferred == null ? null : appended(deferred, 0);
  }

  private static byte[] workerLine(LogRecord record, long observed) {
    JsonLinesEncoder encoder = new JsonLinesEncoder();
    encoder.append(record, observed);
    return encoder.toByteArray();
  }

  @Test
  void aCallersLineIsTheWorkersLineObservedAtItsBatchTime() {
    CallerEncoders encoders = new CallerEncoders(WireFormat.JSON::newEncoder, 1 << 20, 2);
    // A replayed event (an old time) and one from a skewed clock: observed when the worker
    // writes its batch, as the records it encodes itself, not at their own times.
    long batchTime = 1_796_084_358_335_237_071L;
    for (LogRecord record : List.of(unobserved("m", TIME), unobserved("f", TIME + 3_600_000_000_000L),
        unobserved("small", 7))) {
      byte[] deferred = encode(encoders, record);
      assertThat(appended(deferred, batchTime)).isEqualTo(workerLine(record, batchTime));
      // Whatever the digits of the batch's time (a clock before 2001, or before 1970).
      assertThat(appended(deferred, 42)).isEqualTo(workerLine(record, 42));
      assertThat(appended(deferred, -5)).isEqualTo(workerLine(record, -5));
    }
    // A record's own observed time is kept, as the worker keeps it.
    LogRecord observedRecord = fixed("o");
    assertThat(appended(encode(encoders, observedRecord), batchTime))
        .isEqualTo(workerLine(observedRecord, batchTime));
  }

  @Test
  void aLineThatCouldOutgrowTheMaximumRecordSizeWithItsObservedTimeIsLeftToTheWorker() {
    // Estimated small (a resource is shared, so not counted) and long: not held back as a record
    // that might exceed the size, but by its line's length.
    LogRecord record = unobserved("m", TIME).toBuilder().resource(
        dev.dagstack.logger.record.Resource.of(Attrs.of("big", "x".repeat(3000)))).build();
    // The line without its observed time, and with the longest one (20 bytes: a negative count).
    int withoutDigits = workerLine(record, 0).length - 1 - 1;
    CallerEncoders exact = new CallerEncoders(WireFormat.JSON::newEncoder, withoutDigits + 20, 1);
    assertThat(encode(exact, record)).isNotNull();
    CallerEncoders oneShort = new CallerEncoders(WireFormat.JSON::newEncoder, withoutDigits + 19, 1);
    assertThat(encode(oneShort, record)).isNull();
  }

  @Test
  void aRecordThatWouldBeCutIsLeftToTheWorkerWhichReportsIt() {
    CallerEncoders encoders = new CallerEncoders(WireFormat.JSON::newEncoder, 1024, 1);
    assertThat(encode(encoders, fixed("x".repeat(2000)))).isNull();
    assertThat(encode(encoders, fixed("short"))).isNotNull();
  }

  @Test
  void anEncoderThatWroteALongLineIsLetGoWithItsBuffer() {
    int[] made = {0};
    CallerEncoders encoders = counting(made, 1 << 20);
    encode(encoders, fixed("a"));
    encode(encoders, fixed("b"));
    assertThat(made[0]).isEqualTo(1);

    byte[] longLine = callerLine(encoders, fixed("x".repeat(CallerEncoders.MAX_KEPT_LINE_BYTES)));
    assertThat(longLine).isEqualTo(workerLine(fixed("x".repeat(CallerEncoders.MAX_KEPT_LINE_BYTES)), 0));
    assertThat(encode(encoders, fixed("c"))).isNotNull();
    assertThat(made[0]).isEqualTo(2);
  }

  @Test
  void anEncoderThatGrewForARecordTooLongToKeepIsLetGoToo() {
    int[] made = {0};
    CallerEncoders encoders = counting(made, 200_000);
    // Estimated small (a resource is shared, so not counted), but its line is too long.
    LogRecord bigResource = fixed("r").toBuilder().resource(dev.dagstack.logger.record.Resource.of(
        Attrs.of("big", "x".repeat(300_000)))).build();
    assertThat(RecordSize.estimate(bigResource)).isLessThan(200);
    assertThat(encode(encoders, bigResource)).isNull();
    assertThat(encode(encoders, fixed("c"))).isNotNull();
    assertThat(made[0]).isEqualTo(2);
  }

  @Test
  void aRecordEstimatedAboveTheMaximumRecordSizeIsNotEncodedHere() {
    int[] made = {0};
    CallerEncoders encoders = counting(made, 1024);
    assertThat(encode(encoders, fixed("x".repeat(20_000)))).isNull();
    // Nor one whose escapes could make its line too long: up to six bytes a character.
    assertThat(encode(encoders, fixed("\u0001".repeat(160)))).isNull();
    assertThat(made[0]).isZero();
    assertThat(encode(encoders, fixed("\u0001".repeat(20)))).isNotNull();
  }

  @Test
  void callersLinesAreTheWorkersLinesInBothFormatsObservedAtTheBatchTime() throws Exception {
    for (WireFormat format : WireFormat.values()) {
      Path live = dir.resolve(format + ".jsonl");
      RotatingFileWriter writer = RotatingFileWriter.open(live, 0, 0, "t", 1 << 20, format, null);
      CallerEncoders callers = writer.callerEncoders();
      // Records with and without their own observed time, from the caller and from the worker.
      LogRecord[] records = {fixed("r0"), fixed("r1"), unobserved("r2", TIME),
          unobserved("r3", TIME), unobserved("r4", TIME)};
      LogRecord[] batch = new LogRecord[records.length];
      byte[][] encoded = new byte[records.length][];
      for (int i = 0; i < records.length; i++) {
        if (i % 2 == 1) {
          encoded[i] = encode(callers, records[i]);
          assertThat(encoded[i]).isNotNull();
        } else {
          batch[i] = records[i];
        }
      }
      long before = dev.dagstack.logger.record.Clock.nowUnixNano();
      assertThat(writer.write(batch, encoded, records.length)).isZero();
      long after = dev.dagstack.logger.record.Clock.nowUnixNano();
      writer.close();
      // The batch's one observed time, in the worker's lines and the callers' alike.
      String written = java.nio.file.Files.readString(live);
      java.util.regex.Matcher observed = java.util.regex.Pattern
          .compile("(?:observed_time_unix_nano|observedTimeUnixNano)\\\":\\\"?(\\d+)")
          .matcher(written.substring(written.indexOf("r2")));
      assertThat(observed.find()).isTrue();
      long batchTime = Long.parseLong(observed.group(1));
      assertThat(batchTime).isBetween(before, after);
      RecordEncoder expected = format.newEncoder();
      for (LogRecord record : records) {
        expected.append(record, batchTime);
      }
      assertThat(written).as("%s", format)
          .isEqualTo(new String(expected.toByteArray(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void otelJsonLinesFromCallersAreTheWorkersLines() throws Exception {
    Path live = dir.resolve("otel.jsonl");
    RotatingFileWriter writer = RotatingFileWriter.open(live, 0, 0, "t", 1 << 20,
        WireFormat.OTEL_JSON, null);
    CallerEncoders callers = writer.callerEncoders();
    LogRecord[] batch = new LogRecord[4];
    byte[][] encoded = new byte[4][];
    RecordEncoder expected = WireFormat.OTEL_JSON.newEncoder();
    for (int i = 0; i < 4; i++) {
      LogRecord record = fixed("r" + i);
      expected.append(record);
      if (i % 2 == 1) {
        encoded[i] = encode(callers, record);
      } else {
        batch[i] = record;
      }
    }
    assertThat(writer.write(batch, encoded, 4)).isZero();
    writer.close();
    assertThat(java.nio.file.Files.readAllBytes(live)).isEqualTo(expected.toByteArray());
  }

  @Test
  void aFailedWriteOfCallersLinesIsCountedAsWriteErrors() throws Exception {
    LineCollectingWriter writer = new LineCollectingWriter();
    writer.failing = true;
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.BLOCK, 8, writer);
    emitBehindAStuckWriter(delivery, writer, 8);
    assertThat(delivery.flush(java.time.Duration.ofSeconds(10)).droppedCount()).isEqualTo(9);
    assertThat(delivery.droppedCount(DropReason.WRITE_ERROR)).isEqualTo(9);
    assertThat(writer.written).filteredOn(entry -> entry.startsWith("line ")).hasSize(6);
    assertThat(delivery.bufferedBytes()).isZero();
    delivery.close();
  }

  @Test
  void aLineLargerThanTheWholeByteBoundIsQueuedAsItsRecord() throws Exception {
    LineCollectingWriter writer = new LineCollectingWriter();
    // A shared resource is not in the estimate, but is in every line.
    LogRecord escaped = fixed("big").toBuilder().resource(dev.dagstack.logger.record.Resource.of(
        Attrs.of("big", "x".repeat(6000)))).build();
    assertThat(RecordSize.estimate(escaped)).isLessThan(500);
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.BLOCK, 8, 5000, writer);
    emitBehindAStuckWriter(delivery, writer, fixed("r0"), fixed("r1"), fixed("r2"), escaped,
        fixed("r4"));
    assertThat(delivery.flush(java.time.Duration.ofSeconds(10)).success()).isTrue();
    delivery.close();
    assertThat(writer.written).containsExactly("record r0", "record r1", "record r2",
        "record " + escaped.bodyText(), "line r4");
    assertThat(delivery.droppedCount(DropReason.RECORD_TOO_LARGE)).isZero();
  }

  @Test
  void aRecordThatOverflowsTheWorkersStackIsDroppedAsTooLargeAloneNotItsBatch() {
    RecordEncoder encoder = new ForwardingEncoder() {
      @Override
      public int append(LogRecord record, long observedTimeIfAbsent, int maxLineBytes) {
        if ("deep".equals(record.bodyText())) {
          // What cutting a record nested tens of thousands deep meets on the worker.
          throw new StackOverflowError();
        }
        return super.append(record, observedTimeIfAbsent, maxLineBytes);
      }
    };
    RecordLimit limit = new RecordLimit(1024, "t");
    assertThat(limit.append(encoder, fixed("before"), 0)).isTrue();
    assertThat(limit.append(encoder, fixed("deep"), 0)).isFalse();
    assertThat(limit.append(encoder, fixed("after"), 0)).isTrue();
    assertThat(limit.takeOversized()).isEqualTo(1);
    assertThat(new String(encoder.toByteArray(), StandardCharsets.UTF_8))
        .isEqualTo(JsonLinesEncoder.encode(fixed("before")) + "\n"
            + JsonLinesEncoder.encode(fixed("after")) + "\n");
  }

  @Test
  void aFailingEncoderLeavesTheRecordToTheWorkerAndIsFreeAgain() {
    boolean[] fail = {true};
    CallerEncoders encoders = new CallerEncoders(() -> new ForwardingEncoder() {
      @Override
      public byte[] encodeDeferred(LogRecord record, int maxLineBytes) {
        if (fail[0]) {
          throw new IllegalStateException("boom");
        }
        return super.encodeDeferred(record, maxLineBytes);
      }
    }, 1 << 20, 1);

    assertThat(encode(encoders, fixed("a"))).isNull();
    fail[0] = false;
    assertThat(callerLine(encoders, fixed("b"))).isEqualTo(workerLine(fixed("b"), 0));
  }

  @Test
  void aThreadThatFindsEveryEncoderTakenDoesNotWait() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CallerEncoders encoders = new CallerEncoders(() -> new ForwardingEncoder() {
      @Override
      public byte[] encodeDeferred(LogRecord record, int maxLineBytes) {
        if ("slow".equals(record.bodyText())) {
          inside.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return super.encodeDeferred(record, maxLineBytes);
      }
    }, 1 << 20, 1);

    CompletableFuture<byte[]> slow =
        CompletableFuture.supplyAsync(() -> callerLine(encoders, fixed("slow")));
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(encode(encoders, fixed("fast"))).isNull();
    release.countDown();
    assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo(workerLine(fixed("slow"), 0));
    assertThat(callerLine(encoders, fixed("fast"))).isEqualTo(workerLine(fixed("fast"), 0));
  }

  @Test
  void callersLinesAndRecordsAreWrittenInBatchOrderAndRotateAlike() throws Exception {
    int line = lineLength(fixed("r0"));
    Path live = dir.resolve("app.jsonl");
    RotatingFileWriter writer = RotatingFileWriter.open(live, 3L * line - 1, 5, "t", 1 << 20,
        WireFormat.JSON, null);
    CallerEncoders callers = writer.callerEncoders();
    LogRecord[] batch = new LogRecord[5];
    byte[][] encoded = new byte[5][];
    for (int i = 0; i < 5; i++) {
      if (i % 2 == 1) {
        encoded[i] = encode(callers, fixed("r" + i));
      } else {
        batch[i] = fixed("r" + i);
      }
    }
    assertThat(writer.write(batch, encoded, 5)).isZero();
    writer.close();

    assertThat(bodies(live.resolveSibling("app.jsonl.2"))).containsExactly("r0", "r1");
    assertThat(bodies(live.resolveSibling("app.jsonl.1"))).containsExactly("r2", "r3");
    assertThat(bodies(live)).containsExactly("r4");
    assertThat(lines(live.resolveSibling("app.jsonl.1")).get(1))
        .isEqualTo(new String(workerLine(fixed("r3"), 0), StandardCharsets.UTF_8).strip());
  }

  @Test
  void behindAStuckWorkerTheCallersEncodeAndEverythingArrivesInOrder() throws Exception {
    LineCollectingWriter writer = new LineCollectingWriter();
    // Eight records of room: callers encode from two queued records on (a quarter of a batch).
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.BLOCK, 8, writer);
    emitBehindAStuckWriter(delivery, writer, 8);
    assertThat(delivery.flush(java.time.Duration.ofSeconds(10)).success()).isTrue();
    delivery.close();

    assertThat(writer.written).containsExactly("record r0", "record r1", "record r2",
        "line r3", "line r4", "line r5", "line r6", "line r7", "line r8");
    assertThat(delivery.bufferedBytes()).isZero();
  }

  @Test
  void aCallerThatWillWaitForAFullByteBoundKeepsItsRecord() throws Exception {
    LineCollectingWriter writer = new LineCollectingWriter();
    long size = RecordSize.estimate(fixed("r00"));
    // 64 records of room (callers encode from 16 queued on), but bytes for 17 records only.
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.BLOCK, 64, 17 * size, writer);
    delivery.emit(fixed("r00"));
    assertThat(writer.entered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i <= 16; i++) {
      delivery.emit(fixed(String.format("r%02d", i)));
    }
    Thread waiting = new Thread(() -> delivery.emit(fixed("r17")));
    waiting.start();
    while (delivery.waitingForRoom() == 0) {
      Thread.onSpinWait();
    }
    writer.release.countDown();
    waiting.join();
    assertThat(delivery.flush(java.time.Duration.ofSeconds(10)).success()).isTrue();
    delivery.close();
    assertThat(writer.written).hasSize(18).last().isEqualTo("record r17");
  }

  @Test
  void aRecordWhoseLineCouldExceedTheByteBoundIsNotEncodedHere() throws Exception {
    LineCollectingWriter writer = new LineCollectingWriter();
    long size = RecordSize.estimate(fixed("r0"));
    // Room for every record, but each estimated above a sixth of the bound.
    AsyncDelivery delivery = new AsyncDelivery("t", OverflowPolicy.BLOCK, 8, 5 * size, writer);
    emitBehindAStuckWriter(delivery, writer, 3);
    assertThat(delivery.flush(java.time.Duration.ofSeconds(10)).success()).isTrue();
    delivery.close();
    assertThat(writer.written).containsExactly("record r0", "record r1", "record r2", "record r3");
  }

  @Test
  void underTheDropPoliciesTheCallersNeverEncode() throws Exception {
    for (OverflowPolicy policy : List.of(OverflowPolicy.DROP_OLDEST, OverflowPolicy.DROP_NEWEST)) {
      LineCollectingWriter writer = new LineCollectingWriter();
      AsyncDelivery delivery = new AsyncDelivery("t", policy, 8, writer);
      emitBehindAStuckWriter(delivery, writer, 8);
      assertThat(delivery.flush(java.time.Duration.ofSeconds(10)).success()).as("%s", policy)
          .isTrue();
      delivery.close();
      assertThat(writer.written).as("%s", policy).hasSize(9)
          .allSatisfy(entry -> assertThat(entry).startsWith("record "));
    }
  }

  /**
   * Emits {@code r0} and, once the writer is stuck writing it, {@code r1}..{@code rN}; then lets
   * the writer go on.
   */
  private static void emitBehindAStuckWriter(AsyncDelivery delivery, LineCollectingWriter writer,
      int n) throws InterruptedException {
    LogRecord[] records = new LogRecord[n + 1];
    for (int i = 0; i <= n; i++) {
      records[i] = fixed("r" + i);
    }
    emitBehindAStuckWriter(delivery, writer, records);
  }

  /** Emits the first record and, once the writer is stuck writing it, the rest; then lets it go on. */
  private static void emitBehindAStuckWriter(AsyncDelivery delivery, LineCollectingWriter writer,
      LogRecord... records) throws InterruptedException {
    delivery.emit(records[0]);
    assertThat(writer.entered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i < records.length; i++) {
      delivery.emit(records[i]);
    }
    writer.release.countDown();
  }

  private static List<String> bodies(Path file) throws Exception {
    List<String> bodies = new ArrayList<>();
    for (String l : lines(file)) {
      bodies.add(JsonLinesParser.parse(l).bodyText());
    }
    return bodies;
  }

  /** Writes nothing; notes for each record whether it came as a record or as a caller's line. */
  private static final class LineCollectingWriter implements AsyncDelivery.BatchWriter {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> written = new ArrayList<>();
    /** Reports every record of every batch as not written. */
    volatile boolean failing;
    private final CallerEncoders encoders =
        new CallerEncoders(WireFormat.JSON::newEncoder, 1 << 20, 1);

    @Override
    public CallerEncoders callerEncoders() {
      return encoders;
    }

    @Override
    public int write(LogRecord[] batch, byte[][] encoded, int count) {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (int i = 0; i < count; i++) {
        if (encoded != null && encoded[i] != null) {
          assertThat(batch[i]).isNull();
          written.add("line " + body(encoded[i]));
        } else {
          written.add("record " + batch[i].bodyText());
        }
      }
      return failing ? count : 0;
    }

    @Override
    public void close() {}

    private static String body(byte[] deferred) {
      try {
        return JsonLinesParser.parse(new String(appended(deferred, 0), StandardCharsets.UTF_8)
            .strip()).bodyText();
      } catch (dev.dagstack.logger.wire.WireFormatException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** A JSON lines encoder to override one method of. */
  private static class ForwardingEncoder implements RecordEncoder {
    private final RecordEncoder delegate = WireFormat.JSON.newEncoder();

    @Override
    public void append(LogRecord record) {
      delegate.append(record);
    }

    @Override
    public void append(LogRecord record, long observedTimeIfAbsent) {
      delegate.append(record, observedTimeIfAbsent);
    }

    @Override
    public int append(LogRecord record, long observedTimeIfAbsent, int maxLineBytes) {
      return delegate.append(record, observedTimeIfAbsent, maxLineBytes);
    }

    @Override
    public void appendEncoded(byte[] lines) {
      delegate.appendEncoded(lines);
    }

    @Override
    public byte[] encodeDeferred(LogRecord record, int maxLineBytes) {
      return delegate.encodeDeferred(record, maxLineBytes);
    }

    @Override
    public void appendDeferred(byte[] deferred, long observedTimeIfAbsent) {
      delegate.appendDeferred(deferred, observedTimeIfAbsent);
    }

    @Override
    public int size() {
      return delegate.size();
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      delegate.writeTo(out);
    }

    @Override
    public void reset() {
      delegate.reset();
    }

    @Override
    public byte[] toByteArray() {
      return delegate.toByteArray();
    }
  }
}
