package dev.dagstack.logger.spring.test;

import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.record.LogRecord;
import java.util.List;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on {@link CapturedLogs} (see {@link LogAssertions#assertThat(CapturedLogs)}). The
 * {@code hasRecord...} methods pass when at least one record matches and return a
 * {@link MatchingRecordsAssert} that narrows the match further.
 */
public final class CapturedLogsAssert extends AbstractAssert<CapturedLogsAssert, CapturedLogs> {

  CapturedLogsAssert(CapturedLogs actual) {
    super(actual, CapturedLogsAssert.class);
  }

  /** At least one record whose body, as text, equals {@code body}. */
  public MatchingRecordsAssert hasRecordWithBody(String body) {
    return hasRecordMatching("body \"" + body + "\"", record -> record.bodyText().equals(body));
  }

  /** At least one record whose body, as text, contains {@code fragment}. */
  public MatchingRecordsAssert hasRecordWithBodyContaining(String fragment) {
    return hasRecordMatching("body containing \"" + fragment + "\"",
        record -> record.bodyText().contains(fragment));
  }

  /** At least one record matching {@code predicate}, described as {@code description}. */
  public MatchingRecordsAssert hasRecordMatching(String description, Predicate<LogRecord> predicate) {
    isNotNull();
    return new MatchingRecordsAssert(actual, List.of()).narrow(description, predicate);
  }

  /** No record has body {@code body}. */
  public CapturedLogsAssert hasNoRecordWithBody(String body) {
    return hasNoRecordMatching("body \"" + body + "\"", record -> record.bodyText().equals(body));
  }

  /** No record is of {@code severityNumber} or more severe (e.g. {@code Severity.WARN}). */
  public CapturedLogsAssert hasNoRecordAtLeast(int severityNumber) {
    return hasNoRecordMatching("severity " + Severity.text(severityNumber) + " or above",
        record -> record.severityNumber() >= severityNumber);
  }

  /** No record matches {@code predicate}, described as {@code description}. */
  public CapturedLogsAssert hasNoRecordMatching(String description, Predicate<LogRecord> predicate) {
    isNotNull();
    List<LogRecord> matching = actual.matching(predicate).records();
    if (!matching.isEmpty()) {
      failWithMessage("Expecting no captured record with %s but found%n%s", description,
          CapturedRecordsDescription.list("Matching", matching));
    }
    return this;
  }

  /** Exactly {@code count} records. */
  public CapturedLogsAssert hasSize(int count) {
    isNotNull();
    List<LogRecord> records = actual.records();
    if (records.size() != count) {
      failWithMessage("Expecting %d captured records but found %s", count,
          CapturedRecordsDescription.list("", records).strip());
    }
    return this;
  }

  /** No record at all. */
  public CapturedLogsAssert isEmpty() {
    return hasSize(0);
  }
}
