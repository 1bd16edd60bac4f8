package dev.dagstack.logger.spring.test;

import dev.dagstack.logger.record.LogRecord;

/**
 * AssertJ entry points for captured records. Import them statically beside AssertJ's own
 * {@code assertThat}: Java picks these for {@link CapturedLogs} and {@link LogRecord}.
 *
 * <pre>{@code
 * import static dev.dagstack.logger.spring.test.LogAssertions.assertThat;
 * import static org.assertj.core.api.Assertions.assertThat;
 *
 * assertThat(logs).hasRecordWithBody("order placed")
 *     .withAttribute("order.id", 42)
 *     .atSeverity(Severity.INFO)
 *     .fromLogger("order_service.api");
 * assertThat(logs).hasNoRecordAtLeast(Severity.WARN);
 * assertThat(logs.withBody("order placed").single()).hasAttribute("request.id", "r-1");
 * }</pre>
 *
 * <p>A failure says which condition no record met and lists what was captured (the last
 * {@value CapturedRecordsDescription#LISTED} records), so the test report shows the actual records.
 */
public final class LogAssertions {

  private LogAssertions() {}

  /** Assertions on the records of one test (or a filtered view of them). */
  public static CapturedLogsAssert assertThat(CapturedLogs logs) {
    return new CapturedLogsAssert(logs);
  }

  /** Assertions on one record. */
  public static LogRecordAssert assertThat(LogRecord record) {
    return new LogRecordAssert(record);
  }
}
