package dev.dagstack.logger.bench;

import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.Sink;
import java.time.Duration;

/** A sink that only counts, so that a benchmark measures the logger's own path. */
final class CountingSink implements Sink {

  /** Written by the one benchmark thread; read once at the end. */
  long count;
  /** The last record, kept so that the JIT cannot drop the record's construction. */
  volatile LogRecord last;

  @Override
  public String id() {
    return "counting";
  }

  @Override
  public void emit(LogRecord record) {
    count++;
    if ((count & 0xFFFF) == 0) {
      last = record;
    }
  }

  @Override
  public FlushResult flush(Duration timeout) {
    return FlushResult.ok();
  }

  @Override
  public void close() {}

  @Override
  public boolean supportsSeverity(int severityNumber) {
    return true;
  }
}
