package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.Sink;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds the records logged between the moment Boot's logging system is initialized and the moment
 * the configured sinks exist (startup lines, {@code @PostConstruct} of the application's beans),
 * so that they can be written to those sinks once they do. Bounded: when full the oldest record
 * is dropped and counted ({@link DropReason#BUFFER_FULL}).
 */
final class PreConfigurationBuffer implements Sink {

  /** How many records are held at most. */
  static final int CAPACITY = 10_000;

  private final ArrayDeque<LogRecord> records = new ArrayDeque<>();
  private long dropped;
  private boolean drained;

  @Override
  public String id() {
    return "dagstack.pre-configuration";
  }

  @Override
  public synchronized void emit(LogRecord record) {
    if (drained) {
      dropped++;
      return;
    }
    if (records.size() == CAPACITY) {
      records.removeFirst();
      dropped++;
    }
    records.addLast(record);
  }

  /** Hands over the held records, oldest first; later emits are dropped and counted. */
  synchronized List<LogRecord> drain() {
    List<LogRecord> all = new ArrayList<>(records);
    records.clear();
    drained = true;
    return all;
  }

  @Override
  public synchronized long droppedCount(DropReason reason) {
    return reason == DropReason.BUFFER_FULL ? dropped : 0;
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
}
