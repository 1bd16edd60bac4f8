package dev.dagstack.logger.spring.test;

import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.record.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;

/**
 * The captured records that met every condition so far, of which there is at least one. Each
 * {@code with...}/{@code at...}/{@code from...} method adds a condition and fails when no record
 * meets them all, naming the conditions, the records that met all but the last, and everything
 * captured.
 */
public final class MatchingRecordsAssert
    extends AbstractAssert<MatchingRecordsAssert, CapturedLogs> {

  private final CapturedLogs all;
  private final List<String> conditions;

  MatchingRecordsAssert(CapturedLogs all, List<String> conditions) {
    this(all, all, conditions);
  }

  private MatchingRecordsAssert(CapturedLogs all, CapturedLogs matching, List<String> conditions) {
    super(matching, MatchingRecordsAssert.class);
    this.all = all;
    this.conditions = conditions;
  }

  /**
   * ... whose attribute {@code key} equals {@code value} (integers as {@code Long}, as in
   * {@link CapturedLogs#withAttribute(String, Object)}).
   */
  public MatchingRecordsAssert withAttribute(String key, Object value) {
    return narrow(actual.withAttribute(key, value), "attribute " + key + "=" + value);
  }

  /** ... that have attribute {@code key}, whatever its value. */
  public MatchingRecordsAssert withAttribute(String key) {
    return narrow(actual.withAttribute(key), "attribute " + key);
  }

  /** ... that lack attribute {@code key}. */
  public MatchingRecordsAssert withoutAttribute(String key) {
    return narrow("no attribute " + key, record -> !record.attributes().containsKey(key));
  }

  /** ... of exactly {@code severityNumber} (e.g. {@code Severity.INFO}). */
  public MatchingRecordsAssert atSeverity(int severityNumber) {
    return narrow(actual.withSeverity(severityNumber), "severity " + Severity.text(severityNumber));
  }

  /** ... of logger (instrumentation scope) {@code name}. */
  public MatchingRecordsAssert fromLogger(String name) {
    return narrow(actual.fromLogger(name), "logger " + name);
  }

  /** ... matching {@code predicate}, described as {@code description}. */
  public MatchingRecordsAssert matching(String description, Predicate<LogRecord> predicate) {
    return narrow(description, predicate);
  }

  /** Exactly one record meets the conditions; returns assertions on it. */
  public LogRecordAssert single() {
    List<LogRecord> records = actual.records();
    if (records.size() != 1) {
      failWithMessage("Expecting exactly one captured record with %s but found %s",
          String.join(", ", conditions), CapturedRecordsDescription.list("", records).strip());
    }
    return new LogRecordAssert(records.get(0));
  }

  /** Exactly {@code count} records meet the conditions. */
  public MatchingRecordsAssert times(int count) {
    List<LogRecord> records = actual.records();
    if (records.size() != count) {
      failWithMessage("Expecting %d captured records with %s but found %s", count,
          String.join(", ", conditions), CapturedRecordsDescription.list("", records).strip());
    }
    return this;
  }

  /** The records that meet the conditions, oldest first. */
  public List<LogRecord> records() {
    return actual.records();
  }

  MatchingRecordsAssert narrow(String condition, Predicate<LogRecord> predicate) {
    return narrow(actual.matching(predicate), condition);
  }

  private MatchingRecordsAssert narrow(CapturedLogs narrowed, String condition) {
    List<String> now = new ArrayList<>(conditions);
    now.add(condition);
    if (narrowed.isEmpty()) {
      String before = conditions.isEmpty() ? ""
          : CapturedRecordsDescription.list("\nWith " + String.join(", ", conditions) + " only",
              actual.records());
      failWithMessage("Expecting a captured record with %s but none matched.%s%n%s",
          String.join(", ", now), before,
          CapturedRecordsDescription.list("Captured", all.records()));
    }
    return new MatchingRecordsAssert(all, narrowed, List.copyOf(now));
  }
}
