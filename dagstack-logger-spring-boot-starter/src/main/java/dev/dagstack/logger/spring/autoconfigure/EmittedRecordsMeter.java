package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.Sink;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the records the root logger emits as {@code dagstack.logger.records.emitted{logger_name,
 * severity}} (spec §12 {@code records_emitted_total}). Attached as a root sink that writes
 * nothing: an emit adds to a per-logger, per-severity counter; the first record of a pair
 * registers its function counter.
 */
final class EmittedRecordsMeter implements MeterBinder, RootSinkSource {

  static final String ID = "dagstack.metrics";
  static final String NAME = "dagstack.logger.records.emitted";
  private static final String[] BUCKETS = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};

  private final Map<String, LongAdder[]> counts = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;
  private final Sink tap = new Tap();

  @Override
  public Sink rootSink() {
    return tap;
  }

  private void count(LogRecord record) {
    String logger = record.instrumentationScope().name();
    LongAdder[] perSeverity = counts.get(logger);
    if (perSeverity == null) {
      perSeverity = counts.computeIfAbsent(logger, name -> new LongAdder[BUCKETS.length]);
    }
    int bucket = (record.severityNumber() - Severity.MIN) / 4;
    LongAdder adder = perSeverity[bucket];
    if (adder == null) {
      synchronized (perSeverity) {
        adder = perSeverity[bucket];
        if (adder == null) {
          adder = new LongAdder();
          perSeverity[bucket] = adder;
          MeterRegistry bound = registry;
          if (bound != null) {
            register(bound, logger, bucket, adder);
          }
        }
      }
    }
    adder.increment();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    counts.forEach((logger, perSeverity) -> {
      synchronized (perSeverity) {
        for (int bucket = 0; bucket < perSeverity.length; bucket++) {
          if (perSeverity[bucket] != null) {
            register(registry, logger, bucket, perSeverity[bucket]);
          }
        }
      }
    });
  }

  private static void register(MeterRegistry registry, String logger, int bucket, LongAdder adder) {
    FunctionCounter.builder(NAME, adder, LongAdder::sum)
        .description("Records the dagstack logger emitted")
        .baseUnit("records")
        .tag("logger_name", logger)
        .tag("severity", BUCKETS[bucket])
        .register(registry);
  }

  /** The root sink: counts, writes nothing. */
  private final class Tap implements Sink {
    @Override
    public String id() {
      return ID;
    }

    @Override
    public void emit(LogRecord record) {
      count(record);
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
}
