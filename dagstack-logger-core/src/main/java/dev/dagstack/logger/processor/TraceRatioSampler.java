package dev.dagstack.logger.processor;

import dev.dagstack.logger.record.LogRecord;

/**
 * The {@code sampler_trace_ratio} processor (spec §8): keeps every record of a sampled trace
 * (W3C trace flag {@code 01}) and a deterministic fraction {@code ratio} of the rest. Records of
 * one unsampled trace share one decision (a hash of the trace id's random part), so a trace is
 * kept or dropped whole; records without a trace are decided by their identity as in
 * {@link RateSampler}. Stateless and thread-safe.
 */
public final class TraceRatioSampler implements LogRecordProcessor {

  private static final int SAMPLED = 0x01;

  private final double ratio;
  private final long threshold;

  /**
   * @param ratio the fraction of records outside sampled traces that is kept, 0..1
   * @throws IllegalArgumentException naming {@code sampler_trace_ratio.ratio}
   */
  public TraceRatioSampler(double ratio) {
    this.threshold = Sampling.threshold("sampler_trace_ratio.ratio", ratio);
    this.ratio = ratio;
  }

  @Override
  public String name() {
    return "sampler_trace_ratio";
  }

  @Override
  public boolean isSampler() {
    return true;
  }

  /** The fraction kept outside sampled traces. */
  public double ratio() {
    return ratio;
  }

  @Override
  public LogRecord onEmit(LogRecord record) {
    String traceId = record.traceId();
    if (traceId != null && (record.traceFlags() & SAMPLED) != 0) {
      return record;
    }
    long hash = traceId != null ? Sampling.traceIdentity(traceId) : Sampling.identity(record);
    return Sampling.keep(hash, threshold) ? record : null;
  }

  @Override
  public String toString() {
    return "TraceRatioSampler{ratio=" + ratio + "}";
  }
}
