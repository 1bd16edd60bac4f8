package dev.dagstack.logger.processor;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Processors applied in order (spec §8), each isolated: one that throws is counted and reported
 * on the diagnostic channel, and the record goes on unprocessed by it, or, for a
 * {@link LogRecordProcessor#mustNotBypass()} processor, is dropped and counted. An empty
 * composite returns every record as it is. Immutable and thread-safe.
 */
public final class CompositeProcessor implements LogRecordProcessor {

  private static final CompositeProcessor EMPTY = new CompositeProcessor(new Entry[0]);

  private final Entry[] entries;
  /** The same entries without samplers (and their counters); made once. */
  private final CompositeProcessor withoutSamplers;

  private CompositeProcessor(Entry[] entries) {
    this.entries = entries;
    List<Entry> kept = new ArrayList<>();
    for (Entry entry : entries) {
      if (!entry.sampler) {
        kept.add(entry);
      }
    }
    this.withoutSamplers =
        kept.size() == entries.length ? this : new CompositeProcessor(kept.toArray(new Entry[0]));
  }

  /** The composite that does nothing. */
  public static CompositeProcessor empty() {
    return EMPTY;
  }

  /**
   * The composite of {@code processors}, in order; a nested composite is flattened.
   *
   * @throws IllegalArgumentException naming the index of a {@code null} entry
   */
  public static CompositeProcessor of(List<? extends LogRecordProcessor> processors) {
    if (processors == null) {
      throw new IllegalArgumentException("processors must not be null");
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < processors.size(); i++) {
      LogRecordProcessor processor = processors.get(i);
      if (processor == null) {
        throw new IllegalArgumentException("processors[" + i + "] is null");
      }
      if (processor instanceof CompositeProcessor) {
        entries.addAll(List.of(((CompositeProcessor) processor).entries));
      } else {
        entries.add(new Entry(processor));
      }
    }
    return entries.isEmpty() ? EMPTY : new CompositeProcessor(entries.toArray(new Entry[0]));
  }

  /** Whether there is nothing to apply. */
  public boolean isEmpty() {
    return entries.length == 0;
  }

  /** The processors, in order. */
  public List<LogRecordProcessor> processors() {
    List<LogRecordProcessor> list = new ArrayList<>(entries.length);
    for (Entry entry : entries) {
      list.add(entry.processor);
    }
    return List.copyOf(list);
  }

  /**
   * This chain without its samplers, sharing the counters (for {@code withSinks} and
   * {@code scopeSinks} records).
   */
  public CompositeProcessor withoutSamplers() {
    return withoutSamplers;
  }

  /**
   * How many times each processor threw, by {@code index:name} (e.g. {@code "0:redaction"}), in
   * order.
   */
  public Map<String, Long> failureCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < entries.length; i++) {
      counts.put(i + ":" + entries[i].name, entries[i].failures.sum());
    }
    return counts;
  }

  /** Records dropped because a must-not-bypass processor threw on them. */
  public long failClosedDrops() {
    long total = 0;
    for (Entry entry : entries) {
      total += entry.failClosedDrops.sum();
    }
    return total;
  }

  @Override
  public String name() {
    return "composite";
  }

  @Override
  public boolean mustNotBypass() {
    for (Entry entry : entries) {
      if (entry.mustNotBypass) {
        return true;
      }
    }
    return false;
  }

  @Override
  public LogRecord onEmit(LogRecord record) {
    LogRecord current = record;
    for (Entry entry : entries) {
      try {
        current = entry.processor.onEmit(current);
      } catch (RuntimeException | StackOverflowError | LinkageError e) {
        entry.failures.increment();
        if (entry.mustNotBypass) {
          entry.failClosedDrops.increment();
          Diagnostics.errorLimited("processor:" + entry.name, "processor '" + entry.name
              + "' threw; it must not be bypassed, so the record is dropped", e,
              Attrs.of("processor.name", entry.name));
          return null;
        }
        Diagnostics.errorLimited("processor:" + entry.name, "processor '" + entry.name
            + "' threw; the record goes on without it", e, Attrs.of("processor.name", entry.name));
      }
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  @Override
  public FlushResult forceFlush(Duration timeout) {
    List<FlushResult> results = new ArrayList<>();
    for (Entry entry : entries) {
      try {
        results.add(entry.processor.forceFlush(timeout));
      } catch (RuntimeException | LinkageError e) {
        Diagnostics.error("processor '" + entry.name + "' threw while flushing", e,
            Attrs.of("processor.name", entry.name));
        results.add(FlushResult.failed("processor:" + entry.name, "flush threw " + e));
      }
    }
    return FlushResult.combine(results);
  }

  @Override
  public void shutdown() {
    for (Entry entry : entries) {
      try {
        entry.processor.shutdown();
      } catch (RuntimeException | LinkageError e) {
        Diagnostics.error("processor '" + entry.name + "' threw while shutting down", e,
            Attrs.of("processor.name", entry.name));
      }
    }
  }

  @Override
  public String toString() {
    return "CompositeProcessor" + processors();
  }

  /** One processor with its settings read once and its counters. */
  private static final class Entry {
    final LogRecordProcessor processor;
    final String name;
    final boolean mustNotBypass;
    final boolean sampler;
    final LongAdder failures = new LongAdder();
    final LongAdder failClosedDrops = new LongAdder();

    Entry(LogRecordProcessor processor) {
      this.processor = processor;
      String n;
      try {
        n = processor.name();
      } catch (RuntimeException e) {
        n = null;
      }
      this.name = n == null ? processor.getClass().getName() : n;
      this.mustNotBypass = processor.mustNotBypass();
      this.sampler = processor.isSampler();
    }
  }
}
