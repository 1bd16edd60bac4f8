package dev.dagstack.logger.spring.test;

import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Values;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one captured record (see {@link LogAssertions#assertThat(LogRecord)}). */
public final class LogRecordAssert extends AbstractAssert<LogRecordAssert, LogRecord> {

  LogRecordAssert(LogRecord actual) {
    super(actual, LogRecordAssert.class);
  }

  /** The body, as text, equals {@code body}. */
  public LogRecordAssert hasBody(String body) {
    isNotNull();
    if (!actual.bodyText().equals(body)) {
      failWithMessage("Expecting body \"%s\" but the record is%n  %s", body, describe());
    }
    return this;
  }

  /** The severity is exactly {@code severityNumber}. */
  public LogRecordAssert hasSeverity(int severityNumber) {
    isNotNull();
    if (actual.severityNumber() != severityNumber) {
      failWithMessage("Expecting severity %s but the record is%n  %s",
          Severity.text(severityNumber), describe());
    }
    return this;
  }

  /** Attribute {@code key} equals {@code value} (integers as {@code Long}, floats as {@code Double}). */
  public LogRecordAssert hasAttribute(String key, Object value) {
    isNotNull();
    Object expected = Values.canonical(value);
    if (!actual.attributes().containsKey(key)
        || !Objects.equals(actual.attributes().get(key), expected)) {
      failWithMessage("Expecting attribute %s=%s but the record is%n  %s", key, value, describe());
    }
    return this;
  }

  /** Attribute {@code key} is present, whatever its value. */
  public LogRecordAssert hasAttribute(String key) {
    isNotNull();
    if (!actual.attributes().containsKey(key)) {
      failWithMessage("Expecting attribute %s but the record is%n  %s", key, describe());
    }
    return this;
  }

  /** Attribute {@code key} is absent. */
  public LogRecordAssert doesNotHaveAttribute(String key) {
    isNotNull();
    if (actual.attributes().containsKey(key)) {
      failWithMessage("Expecting no attribute %s but the record is%n  %s", key, describe());
    }
    return this;
  }

  /** The logger (instrumentation scope) is {@code name}. */
  public LogRecordAssert isFromLogger(String name) {
    isNotNull();
    if (!actual.instrumentationScope().name().equals(name)) {
      failWithMessage("Expecting logger %s but the record is%n  %s", name, describe());
    }
    return this;
  }

  private String describe() {
    return CapturedRecordsDescription.describe(actual);
  }
}
