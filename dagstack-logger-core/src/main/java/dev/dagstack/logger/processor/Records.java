package dev.dagstack.logger.processor;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;

/** Record copies made by the built-in processors. */
final class Records {

  private Records() {}

  /** {@code record} with another body and attributes; every other field kept. */
  static LogRecord with(LogRecord record, Object body, Attrs attributes) {
    return new LogRecord(record.timeUnixNano(), record.observedTimeUnixNano(),
        record.severityNumber(), body, attributes, record.resource(),
        record.instrumentationScope(), record.traceId(), record.spanId(), record.traceFlags());
  }
}
