package dev.dagstack.logger;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.Sink;
import java.time.Duration;

/**
 * The sink of {@code Logger.get(Diagnostics.LOGGER_NAME)}: writes whole records to the diagnostic
 * channel (spec §7.4), synchronous, never redacted, never throwing.
 */
final class DiagnosticChannelSink implements Sink {

  static final DiagnosticChannelSink INSTANCE = new DiagnosticChannelSink();

  private DiagnosticChannelSink() {}

  @Override
  public String id() {
    return Diagnostics.LOGGER_NAME;
  }

  @Override
  public void emit(LogRecord record) {
    Diagnostics.write(record);
  }

  @Override
  public FlushResult flush(Duration timeout) {
    return FlushResult.ok();
  }

  /** The channel outlives every configuration. */
  @Override
  public void close() {}

  @Override
  public boolean supportsSeverity(int severityNumber) {
    return true;
  }
}
