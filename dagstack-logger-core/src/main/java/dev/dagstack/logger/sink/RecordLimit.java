package dev.dagstack.logger.sink;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import dev.dagstack.logger.wire.PrettyFormatter;
import dev.dagstack.logger.wire.RecordEncoder;
import dev.dagstack.logger.wire.RecordTruncation;
import dev.dagstack.logger.wire.WireFormat;
import java.nio.charset.StandardCharsets;

/**
 * A sink's maximum record size, applied on its worker: a line longer than {@code maxBytes}
 * (UTF-8, without the line feed) has its long string values cut ({@link RecordTruncation}); a
 * record that cannot fit even so is dropped and counted as {@link DropReason#RECORD_TOO_LARGE}.
 * Both are reported on the diagnostic channel, rate-limited per sink. Worker thread only.
 */
final class RecordLimit {

  private static final int SHORTEST_CUT = 64;

  private final int maxBytes;
  private final String sinkId;
  private int oversized;

  RecordLimit(int maxBytes, String sinkId) {
    this.maxBytes = maxBytes;
    this.sinkId = sinkId;
  }

  /**
   * Checks a sink's setting.
   *
   * @param where how the message names the sink
   */
  static void check(String where, int maxRecordBytes) {
    if (maxRecordBytes < AsyncSinkDefaults.MIN_RECORD_BYTES
        || maxRecordBytes > JsonLinesEncoder.MAX_LINE_BYTES) {
      throw new IllegalArgumentException(where + "maxRecordBytes must be between "
          + AsyncSinkDefaults.MIN_RECORD_BYTES + " and " + JsonLinesEncoder.MAX_LINE_BYTES
          + ", got " + maxRecordBytes);
    }
  }

  /**
   * Encoders of {@code format} for the emitting threads, their lines within this limit (see
   * {@link CallerEncoders}).
   */
  CallerEncoders callerEncoders(WireFormat format) {
    return new CallerEncoders(format::newEncoder, maxBytes);
  }

  /**
   * Appends {@code line}, a caller's deferred line of a record (within the limit already, see
   * {@link CallerEncoders}) with {@code now} as its observed time if it has none, when there is
   * one, else {@code record} as a line within the limit;
   * false when it was dropped.
   */
  boolean append(RecordEncoder encoder, LogRecord record, byte[] line, long now) {
    if (line != null) {
      encoder.appendDeferred(line, now);
      return true;
    }
    return append(encoder, record, now);
  }

  /** Appends {@code record} as a JSON line within the limit; false when it was dropped. */
  boolean append(RecordEncoder encoder, LogRecord record, long now) {
    int outcome;
    try {
      outcome = encoder.append(record, now, maxBytes);
    } catch (StackOverflowError e) {
      // Nested deeper than the worker's stack can encode or cut (the encoder leaves nothing of
      // it behind): this record is dropped as too large, not its whole batch as failed.
      dropped();
      return false;
    }
    if (outcome == RecordEncoder.CUT) {
      reportCut();
    } else if (outcome == RecordEncoder.TOO_LARGE) {
      dropped();
      return false;
    }
    return true;
  }

  /** The pretty line of {@code record} within the limit, or {@code null} when it was dropped. */
  String pretty(LogRecord record, boolean color) {
    String line = PrettyFormatter.format(record, color);
    if (!longer(line)) {
      return line;
    }
    for (int limit = maxBytes / 2; limit >= SHORTEST_CUT; limit /= 2) {
      line = PrettyFormatter.format(RecordTruncation.cut(record, limit), color);
      if (!longer(line)) {
        reportCut();
        return line;
      }
    }
    dropped();
    return null;
  }

  /** The records dropped as too large since the last {@link #takeOversized}, still counted. */
  int oversizedSoFar() {
    return oversized;
  }

  /** Records dropped as too large since the last call. */
  int takeOversized() {
    int n = oversized;
    oversized = 0;
    return n;
  }

  private boolean longer(String line) {
    // Each char takes at most 3 UTF-8 bytes; only a possibly long line is encoded to measure.
    return (long) line.length() * 3 > maxBytes
        && line.getBytes(StandardCharsets.UTF_8).length > maxBytes;
  }

  private void reportCut() {
    Diagnostics.warnLimited("record-cut:" + sinkId, "a record longer than " + maxBytes
        + " bytes had its long strings cut to fit the sink's maximum record size",
        Attrs.of("sink.id", sinkId, "dagstack.max_record_bytes", maxBytes));
  }

  private void dropped() {
    oversized++;
    Diagnostics.warnLimited("record-too-large:" + sinkId, "a record does not fit the sink's"
        + " maximum record size of " + maxBytes + " bytes even with its strings cut; dropped"
        + " (counted as record_too_large)",
        Attrs.of("sink.id", sinkId, "dagstack.max_record_bytes", maxBytes));
  }
}
