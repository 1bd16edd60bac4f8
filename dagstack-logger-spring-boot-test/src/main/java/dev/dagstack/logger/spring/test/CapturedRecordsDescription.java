package dev.dagstack.logger.spring.test;

import dev.dagstack.logger.record.LogRecord;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How the assertions' failure messages show records: one line each, the last few only. */
final class CapturedRecordsDescription {

  /** At most this many records are listed in a failure message (the most recent ones). */
  static final int LISTED = 50;

  private CapturedRecordsDescription() {}

  /** {@code INFO order_service.api "order placed" {order.id=42, request.id=r-1}}. */
  static String describe(LogRecord record) {
    Map<String, Object> attributes = new TreeMap<>(record.attributes());
    return record.severityText() + " " + record.instrumentationScope().name() + " \""
        + record.bodyText() + "\" " + attributes;
  }

  /** The records as indented lines under a heading with their count. */
  static String list(String heading, List<LogRecord> records) {
    StringBuilder text = new StringBuilder(heading).append(" (").append(records.size()).append(")");
    if (records.isEmpty()) {
      return text.append(": none").toString();
    }
    text.append(':');
    int from = Math.max(0, records.size() - LISTED);
    if (from > 0) {
      text.append("\n  ... ").append(from).append(" earlier records");
    }
    for (LogRecord record : records.subList(from, records.size())) {
      text.append("\n  ").append(describe(record));
    }
    return text.toString();
  }
}
