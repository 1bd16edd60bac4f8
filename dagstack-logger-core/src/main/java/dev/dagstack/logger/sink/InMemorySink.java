package dev.dagstack.logger.sink;

import dev.dagstack.logger.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import java.time.Duration;
import java.util.List;

/**
 * Keeps the last {@code capacity} records in memory as objects, for tests and short diagnostic
 * captures (spec §7). The oldest record is dropped when full. Thread-safe.
 */
public final class InMemorySink implements Sink {

  /** Holds up to {@code capacity} records of every severity. */
  public InMemorySink(int capacity) {
    this(capacity, 1);
  }

  /** Holds up to {@code capacity} records of {@code minSeverity} and above. */
  public InMemorySink(int capacity, int minSeverity) {
    this("in-memory", capacity, minSeverity);
  }

  /** Holds up to {@code capacity} records of {@code minSeverity} and above, under {@code id}. */
  public InMemorySink(String id, int capacity, int minSeverity) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** A snapshot of the held records, oldest first. */
  public List<LogRecord> records() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Forgets every held record. */
  public void clear() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public String id() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public void emit(LogRecord record) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public FlushResult flush(Duration timeout) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public void close() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public boolean supportsSeverity(int severityNumber) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
