package dev.dagstack.logger.processor;

import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import java.time.Duration;
import java.util.List;

/**
 * A step between the logger and its sinks (spec §8), in the style of OpenTelemetry's
 * {@code LogRecordProcessor}: a record in, the record to pass on (the same one or a changed copy)
 * or {@code null} to drop it. Processors run in configured order, once per record, before the
 * sinks' own severity filters; the diagnostic channel ({@code dagstack.logger.internal}) never
 * passes through them. Key-suffix redaction (spec §10) and the AI-agent body privacy run after
 * the chain, last: a processor sees attribute values unmasked, and whatever it adds, changes or
 * creates is masked before any sink sees it.
 *
 * <p>Implementations must be thread-safe and must not block on I/O; {@code onEmit} must not call
 * {@code Logger.reconfigure} (the reconfiguration waits for the emits in flight, this one
 * included, and gives up only after its deadline). A processor that throws is
 * isolated: the failure is counted and reported on the diagnostic channel, and the record goes on
 * through the rest of the chain unprocessed by it, unless {@link #mustNotBypass()} is true (as
 * for {@link RedactionProcessor}): then the record is dropped and counted, never written
 * unprocessed.
 *
 * <p>Configure processors with {@code LoggerConfiguration.Builder.processors(...)}; built-ins are
 * {@link RedactionProcessor} ({@code redaction}), {@link RateSampler} ({@code sampler_rate}),
 * {@link TraceRatioSampler} ({@code sampler_trace_ratio}) and {@link EnrichProcessor}
 * ({@code enrich}).
 */
public interface LogRecordProcessor {

  /**
   * Processes one record.
   *
   * @return the record to pass on ({@code record} itself when unchanged), or {@code null} to drop
   *     it
   */
  LogRecord onEmit(LogRecord record);

  /** A short name for diagnostics and counters, e.g. {@code "redaction"}. */
  default String name() {
    return getClass().getSimpleName();
  }

  /**
   * Whether a record must be dropped rather than passed on when this processor throws (true for
   * processors that protect secrets). Default {@code false}.
   */
  default boolean mustNotBypass() {
    return false;
  }

  /**
   * Whether this processor samples. Records of loggers made by {@code withSinks} or
   * {@code withoutSinks}, and records routed by a {@code scopeSinks} scope, skip samplers (the
   * v1.1 rule: these reset sampling); {@code appendSinks} keeps them.
   */
  default boolean isSampler() {
    return false;
  }

  /** Completes pending work, at most {@code timeout}. Default: nothing to do. */
  default FlushResult forceFlush(Duration timeout) {
    return FlushResult.ok();
  }

  /** Releases resources when the configuration holding this processor is retired. */
  default void shutdown() {}

  /**
   * The processors as one, applied in order with each failure isolated.
   *
   * @throws IllegalArgumentException when the list or an entry is {@code null}
   */
  static CompositeProcessor composite(List<? extends LogRecordProcessor> processors) {
    return CompositeProcessor.of(processors);
  }
}
