package dev.dagstack.logger.processor;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;

/**
 * The {@code sampler_rate} processor (spec §8): keeps a deterministic fraction {@code rate} of
 * the records whose severity is below {@code below}, and every record at or above it. The
 * decision is a hash of the record's identity (time, severity, scope name, body), so the same
 * record always gets the same decision. Stateless and thread-safe.
 *
 * <pre>{@code
 * new RateSampler(0.1, Severity.WARN) // keep 10% of TRACE..INFO, all WARN and above
 * }</pre>
 */
public final class RateSampler implements LogRecordProcessor {

  private final double rate;
  private final int below;
  private final long threshold;

  /**
   * @param rate the fraction kept, 0..1
   * @param below the severity number (1..24) from which every record is kept, e.g.
   *     {@link Severity#WARN}
   * @throws IllegalArgumentException naming {@code sampler_rate.rate} or
   *     {@code sampler_rate.below}
   */
  public RateSampler(double rate, int below) {
    this.threshold = Sampling.threshold("sampler_rate.rate", rate);
    this.below = Sampling.checkSeverity("sampler_rate.below", below);
    this.rate = rate;
  }

  @Override
  public String name() {
    return "sampler_rate";
  }

  @Override
  public boolean isSampler() {
    return true;
  }

  /** The fraction kept below {@link #below()}. */
  public double rate() {
    return rate;
  }

  /** The severity number from which every record is kept. */
  public int below() {
    return below;
  }

  @Override
  public LogRecord onEmit(LogRecord record) {
    if (record.severityNumber() >= below || Sampling.keep(Sampling.identity(record), threshold)) {
      return record;
    }
    return null;
  }

  @Override
  public String toString() {
    return "RateSampler{rate=" + rate + ", below=" + Severity.text(below) + "}";
  }
}
