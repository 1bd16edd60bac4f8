package dev.dagstack.logger.spring.test;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The records captured during one test (see {@link CaptureLogs}), oldest first. Every filter
 * returns a live view: it reads the capture again each time it is asked, so it can be made once
 * and asserted after more requests. An {@link Iterable}, so AssertJ's {@code assertThat(logs)}
 * gives list assertions.
 *
 * <pre>{@code
 * assertThat(logs.fromLogger("order_service.api").withBody("order placed")).hasSize(1);
 * assertThat(logs.withAttribute("request.id", id).bodies()).contains("order placed");
 * assertThat(logs.atLeast(Severity.ERROR)).isEmpty();
 * }</pre>
 */
public final class CapturedLogs implements Iterable<LogRecord> {

  private final CaptureSink tap;
  private final Predicate<LogRecord> filter;

  CapturedLogs(CaptureSink tap) {
    this(tap, record -> true);
  }

  private CapturedLogs(CaptureSink tap, Predicate<LogRecord> filter) {
    this.tap = tap;
    this.filter = filter;
  }

  CaptureSink tap() {
    return tap;
  }

  /** The matching records captured so far, oldest first (an immutable snapshot). */
  public List<LogRecord> records() {
    List<LogRecord> matching = new ArrayList<>();
    for (LogRecord record : tap.records()) {
      if (filter.test(record)) {
        matching.add(record);
      }
    }
    return List.copyOf(matching);
  }

  /** The bodies of the matching records as text, oldest first. */
  public List<String> bodies() {
    return records().stream().map(LogRecord::bodyText).collect(Collectors.toUnmodifiableList());
  }

  /** How many records match. */
  public int size() {
    return records().size();
  }

  /**
   * Waits until at least {@code count} records match, for records that other threads log after
   * the test's HTTP call has returned (an async dispatch finishing, a filter after the response).
   * Wakes on each new record; no polling.
   *
   * @return this view, for chaining assertions
   * @throws AssertionError when fewer than {@code count} match after 10 seconds, listing them
   */
  public CapturedLogs awaitAtLeast(int count) {
    return awaitAtLeast(count, Duration.ofSeconds(10));
  }

  /** As {@link #awaitAtLeast(int)}, waiting at most {@code timeout}. */
  public CapturedLogs awaitAtLeast(int count, Duration timeout) {
    List<LogRecord> matching;
    try {
      matching = tap.await(filter, count, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + count + " captured records", e);
    }
    if (matching.size() < count) {
      throw new AssertionError("expected at least " + count + " captured records within "
          + timeout + " but found " + matching.size() + ": "
          + matching.stream().map(LogRecord::bodyText).collect(Collectors.toList()));
    }
    return this;
  }

  /** Whether no record matches. */
  public boolean isEmpty() {
    return records().isEmpty();
  }

  /**
   * The one matching record.
   *
   * @throws AssertionError when none or several match, listing the bodies of the matching ones
   */
  public LogRecord single() {
    List<LogRecord> records = records();
    if (records.size() != 1) {
      throw new AssertionError("expected exactly one captured record but found " + records.size()
          + ": " + records.stream().map(LogRecord::bodyText).collect(Collectors.toList()));
    }
    return records.get(0);
  }

  /** Records matching {@code predicate} as well. */
  public CapturedLogs matching(Predicate<LogRecord> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    return new CapturedLogs(tap, filter.and(predicate));
  }

  /** Records whose body, as text, equals {@code body}. */
  public CapturedLogs withBody(String body) {
    return matching(record -> record.bodyText().equals(body));
  }

  /** Records whose body, as text, contains {@code fragment}. */
  public CapturedLogs withBodyContaining(String fragment) {
    return matching(record -> record.bodyText().contains(fragment));
  }

  /** Records of exactly {@code severityNumber} (e.g. {@code Severity.WARN}). */
  public CapturedLogs withSeverity(int severityNumber) {
    return matching(record -> record.severityNumber() == severityNumber);
  }

  /** Records of {@code severityNumber} or more severe (e.g. {@code Severity.WARN}). */
  public CapturedLogs atLeast(int severityNumber) {
    return matching(record -> record.severityNumber() >= severityNumber);
  }

  /**
   * Records of logger {@code name} (the instrumentation scope name; SLF4J loggers through the
   * bridge keep their name, e.g. a class name).
   */
  public CapturedLogs fromLogger(String name) {
    return matching(record -> record.instrumentationScope().name().equals(name));
  }

  /** Records that have attribute {@code key}, whatever its value. */
  public CapturedLogs withAttribute(String key) {
    return matching(record -> record.attributes().containsKey(key));
  }

  /**
   * Records whose attribute {@code key} equals {@code value} in the canonical value model:
   * integers compare as {@code Long} and floating-point numbers as {@code Double}, so
   * {@code withAttribute("order.id", 42)} matches a record logged with {@code 42} or {@code 42L}.
   */
  public CapturedLogs withAttribute(String key, Object value) {
    Object expected = Values.canonical(value);
    return matching(record -> record.attributes().containsKey(key)
        && Objects.equals(record.attributes().get(key), expected));
  }

  @Override
  public Iterator<LogRecord> iterator() {
    return records().iterator();
  }

  @Override
  public String toString() {
    return "CapturedLogs" + records();
  }
}
