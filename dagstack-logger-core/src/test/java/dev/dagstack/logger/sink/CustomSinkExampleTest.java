package dev.dagstack.logger.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** The custom sink of docs/sinks.md (Writing your own sink), verbatim (nested here), used as the docs say. */
class CustomSinkExampleTest {

  /** Counts records per severity text, e.g. to alert on a burst of errors. */
  public static final class SeverityCountingSink implements Sink {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder droppedAfterClose = new LongAdder();
    private volatile boolean closed;

    /** How many records of {@code severityText} ("INFO", "ERROR", ...) were seen. */
    public long count(String severityText) {
      LongAdder count = counts.get(severityText);
      return count == null ? 0 : count.sum();
    }

    @Override
    public String id() {
      return "severity-counter";
    }

    @Override
    public void emit(LogRecord record) {
      if (closed) {
        droppedAfterClose.increment();
        return;
      }
      counts.computeIfAbsent(record.severityText(), text -> new LongAdder()).increment();
    }

    @Override
    public FlushResult flush(Duration timeout) {
      return FlushResult.ok(); // nothing is buffered
    }

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public boolean supportsSeverity(int severityNumber) {
      return true;
    }

    @Override
    public long droppedCount(DropReason reason) {
      return reason == DropReason.CLOSED ? droppedAfterClose.sum() : 0;
    }
  }

  private static LogRecord at(int severity) {
    return LogRecord.builder().severityNumber(severity).body("event").build();
  }

  @Test
  void countsRecordsPerSeverityAndDropsAfterClose() {
    SeverityCountingSink counter = new SeverityCountingSink();
    for (int i = 0; i < 3; i++) {
      counter.emit(at(Severity.ERROR));
    }
    counter.emit(at(Severity.ERROR + 2));
    counter.emit(at(Severity.INFO));

    assertThat(counter.count("ERROR")).isEqualTo(4);
    assertThat(counter.count("INFO")).isEqualTo(1);
    assertThat(counter.count("WARN")).isZero();
    assertThat(counter.flush(Duration.ofSeconds(1)).success()).isTrue();

    counter.close();
    counter.close();
    counter.emit(at(Severity.ERROR));
    assertThat(counter.count("ERROR")).isEqualTo(4);
    assertThat(counter.droppedCount(DropReason.CLOSED)).isEqualTo(1);
    assertThat(counter.id()).isEqualTo("severity-counter");
  }

  @Test
  void theDocumentationShowsThisVeryClass() throws Exception {
    String docs = java.nio.file.Files.readString(
        java.nio.file.Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("sinks.md"));
    String source = java.nio.file.Files.readString(java.nio.file.Path.of(
        "src/test/java/dev/dagstack/logger/sink/CustomSinkExampleTest.java"));
    String documented = docs.substring(docs.indexOf("/** Counts records per severity"),
        docs.indexOf("```", docs.indexOf("/** Counts records per severity"))).strip();
    String tested = source.substring(source.indexOf("  /** Counts records per severity"),
        source.indexOf("\n\n  private static LogRecord at("));
    String unindented = tested.lines().map(line -> line.startsWith("  ") ? line.substring(2) : line)
        .collect(java.util.stream.Collectors.joining("\n"))
        .replace("public static final class", "public final class").strip();
    assertThat(unindented).isEqualTo(documented);
  }
}
