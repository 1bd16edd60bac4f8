package dev.dagstack.logger.wire;

import dev.dagstack.logger.record.LogRecord;
import java.util.function.Consumer;

/** The oversized path of {@link RecordEncoder#append(LogRecord, long, int)}, for every format. */
final class LimitedLine {

  /** Strings are not cut shorter than this; a record that still does not fit is too large. */
  private static final int SHORTEST_CUT = 64;

  private LimitedLine() {}

  /**
   * Replaces the line of {@code record} that {@code writer} holds from {@code start} (too long)
   * with one whose long strings are cut, as little as a halving search finds; removes it when
   * none fits.
   *
   * @param line appends one record as a line of the encoder's format
   * @return {@link RecordEncoder#CUT} or {@link RecordEncoder#TOO_LARGE}
   */
  static int cutToFit(CanonicalJsonWriter writer, int start, LogRecord record, int maxLineBytes,
      Consumer<LogRecord> line) {
    // Each pass at least halves the longest strings; only oversized records get here.
    for (int limit = maxLineBytes / 2; limit >= SHORTEST_CUT; limit /= 2) {
      writer.truncate(start);
      line.accept(RecordTruncation.cut(record, limit));
      if (writer.size() - start - 1 <= maxLineBytes) {
        return RecordEncoder.CUT;
      }
    }
    writer.truncate(start);
    return RecordEncoder.TOO_LARGE;
  }
}
