package dev.dagstack.logger.spring.test;

import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.DropReason;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The tap behind {@link CapturedLogs}: keeps the last {@value CaptureLogsExtension#CAPACITY}
 * records and wakes tests that wait for records to arrive from other threads.
 */
final class CaptureSink implements dev.dagstack.logger.sink.Sink {

  private final ArrayDeque<LogRecord> records = new ArrayDeque<>();
  private final int capacity;
  private long dropped;

  CaptureSink(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public String id() {
    return "dagstack.test.capture";
  }

  @Override
  public synchronized void emit(LogRecord record) {
    if (records.size() == capacity) {
      records.removeFirst();
      dropped++;
    }
    records.addLast(record);
    notifyAll();
  }

  synchronized List<LogRecord> records() {
    return List.copyOf(records);
  }

  /**
   * Waits until at least {@code count} records match {@code filter}, re-checking on each new
   * record; returns the matches seen last (fewer than {@code count} after the deadline).
   */
  synchronized List<LogRecord> await(Predicate<LogRecord> filter, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<LogRecord> matching = records.stream().filter(filter).toList();
      long remaining = deadline - System.nanoTime();
      if (matching.size() >= count || remaining <= 0) {
        return matching;
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, remaining);
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

  @Override
  public synchronized long droppedCount(DropReason reason) {
    return reason == DropReason.BUFFER_FULL ? dropped : 0;
  }
}
