package dev.dagstack.logger.wire;

import dev.dagstack.logger.record.LogRecord;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes records as lines of one {@link WireFormat} into a reusable buffer, which a sink's
 * worker writes with one call per batch. Not thread-safe; one encoder per thread.
 *
 * <p>Extension SPI, for sink and exporter authors who write records in the project's wire
 * formats: get one from {@link WireFormat#newEncoder()} ({@link WireFormat#JSON}: canonical
 * dagstack JSON lines, spec §1, byte-exact with the other bindings; {@link WireFormat#OTEL_JSON}:
 * spec §12). Lines are UTF-8, each ended by a line feed; sizes are in bytes; only
 * {@link #writeTo} does I/O. The maximum record size of spec §7.2 is
 * {@link #append(LogRecord, long, int)}. Implemented by this package only.
 */
public interface RecordEncoder {

  /** Appends {@code record} and a line feed, keeping its observed time as it is (maybe absent). */
  void append(LogRecord record);

  /**
   * Appends {@code record} and a line feed; when the record has no observed time, writes
   * {@code observedTimeIfAbsent} instead (what serialising sinks do, spec §1).
   */
  void append(LogRecord record, long observedTimeIfAbsent);

  /** {@link #append(LogRecord, long, int)}: the record fit as it was. */
  int WHOLE = 0;
  /** {@link #append(LogRecord, long, int)}: the record's long string values were cut to fit. */
  int CUT = 1;
  /** {@link #append(LogRecord, long, int)}: the record does not fit; nothing was appended. */
  int TOO_LARGE = -1;

  /**
   * As {@link #append(LogRecord, long)}, keeping the line (without its line feed) within
   * {@code maxLineBytes}: a longer record has its long string values cut
   * ({@link RecordTruncation}); a record that cannot fit even so is not appended.
   *
   * @return {@link #WHOLE}, {@link #CUT} or {@link #TOO_LARGE}
   */
  int append(LogRecord record, long observedTimeIfAbsent, int maxLineBytes);

  /**
   * Appends lines an encoder of the same format produced ({@link #toByteArray()} of records
   * appended there), as they are: a file sink's line carried over into a new file. The bytes
   * are not checked; the array is not kept.
   */
  void appendEncoded(byte[] lines);

  /**
   * {@code record} as a deferred line for {@link #appendDeferred} of an encoder of the same
   * format, or {@code null} when its line could be longer than {@code maxLineBytes} (without the
   * line feed; its observed time counted at its longest). A record without an observed time
   * gets it there, from the encoder that appends the line: how a sink's emitting threads encode
   * records for its worker, whose batch time is then every line's observed time (spec §1).
   * Empties this encoder's buffer first and leaves the text in it. The array's layout is this
   * package's.
   */
  byte[] encodeDeferred(LogRecord record, int maxLineBytes);

  /**
   * Appends a line {@link #encodeDeferred} produced, with {@code observedTimeIfAbsent} as the
   * observed time of a record that had none. The array is not kept.
   */
  void appendDeferred(byte[] deferred, long observedTimeIfAbsent);

  /** How many bytes are buffered. */
  int size();

  /** Writes the buffered bytes to {@code out} (one write call); the buffer is kept. */
  void writeTo(OutputStream out) throws IOException;

  /** Empties the buffer. */
  void reset();

  /** A copy of the buffered bytes. */
  byte[] toByteArray();
}
