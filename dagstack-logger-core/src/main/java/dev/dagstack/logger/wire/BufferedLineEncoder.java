package dev.dagstack.logger.wire;

import dev.dagstack.logger.record.LogRecord;
import java.io.IOException;
import java.io.OutputStream;

/**
 * What the line encoders share: one {@link CanonicalJsonWriter} buffer, lines appended whole or
 * not at all, the size limit, the deferred lines of the callers and the buffer's life. A
 * subclass writes one record's line ({@link #writeLine}); the rest is here, so both wire formats
 * behave the same way.
 */
abstract class BufferedLineEncoder implements RecordEncoder {

  private final CanonicalJsonWriter writer = new CanonicalJsonWriter();

  /**
   * Writes {@code record}'s line, without its line feed, to {@code w}: with its observed time
   * ({@code withObserved}, then {@code observed}) or without; with {@code deferObserved}, the
   * observed time's digits are a placeholder.
   *
   * @return where the placeholder is, or -1
   */
  abstract int writeLine(CanonicalJsonWriter w, LogRecord record, boolean withObserved,
      long observed, boolean deferObserved);

  /** Appends {@code record} and a line feed, keeping its observed time as it is (maybe absent). */
  @Override
  public final void append(LogRecord record) {
    Long observed = record.observedTimeUnixNano();
    appendLine(record, observed != null, observed != null ? observed : 0L);
  }

  /**
   * Appends {@code record} and a line feed; when the record has no observed time, writes
   * {@code observedTimeIfAbsent} instead (what serialising sinks do, spec §1).
   */
  @Override
  public final void append(LogRecord record, long observedTimeIfAbsent) {
    Long observed = record.observedTimeUnixNano();
    appendLine(record, true, observed != null ? observed : observedTimeIfAbsent);
  }

  /**
   * As {@link #append(LogRecord, long)}, keeping the line (without its line feed) within
   * {@code maxLineBytes}: a longer record has its long string values cut
   * ({@link RecordTruncation}), as little as a halving search finds; a record that cannot fit
   * even so (too many keys, say) is not appended.
   *
   * @return {@link #WHOLE}, {@link #CUT} or {@link #TOO_LARGE}
   */
  @Override
  public final int append(LogRecord record, long observedTimeIfAbsent, int maxLineBytes) {
    int start = writer.size();
    append(record, observedTimeIfAbsent);
    if (writer.size() - start - 1 <= maxLineBytes) {
      return WHOLE;
    }
    return LimitedLine.cutToFit(writer, start, record, maxLineBytes,
        cut -> append(cut, observedTimeIfAbsent));
  }

  @Override
  public final void appendEncoded(byte[] lines) {
    writer.writeRaw(lines);
  }

  @Override
  public final byte[] encodeDeferred(LogRecord record, int maxLineBytes) {
    writer.reset();
    Long observed = record.observedTimeUnixNano();
    return writer.toDeferredLine(writeLine(writer, record, true,
        observed != null ? observed : 0L, observed == null), maxLineBytes);
  }

  @Override
  public final void appendDeferred(byte[] deferred, long observedTimeIfAbsent) {
    writer.writeDeferred(deferred, observedTimeIfAbsent);
  }

  /** How many bytes are buffered. */
  @Override
  public final int size() {
    return writer.size();
  }

  /** Writes the buffered bytes to {@code out} (one write call); the buffer is kept. */
  @Override
  public final void writeTo(OutputStream out) throws IOException {
    writer.writeTo(out);
  }

  /**
   * Empties the buffer, keeping its capacity (unless one huge record grew it beyond 1 MiB, which
   * is then released).
   */
  @Override
  public final void reset() {
    writer.reset();
  }

  /** A copy of the buffered bytes. */
  @Override
  public final byte[] toByteArray() {
    return writer.toByteArray();
  }

  private void appendLine(LogRecord record, boolean withObserved, long observed) {
    int start = writer.size();
    try {
      writeLine(writer, record, withObserved, observed, false);
      writer.writeByte('\n');
    } catch (RuntimeException | Error e) {
      // Never leave half a record in the buffer.
      writer.truncate(start);
      throw e;
    }
  }
}
