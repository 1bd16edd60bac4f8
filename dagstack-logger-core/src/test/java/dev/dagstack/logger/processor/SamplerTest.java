package dev.dagstack.logger.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplerTest {

  private static final long T0 = 1_796_000_000_000_000_000L;

  /** A fixed corpus: 10,000 records, one per millisecond, cycling through four severities. */
  private static List<LogRecord> corpus() {
    int[] severities = {Severity.DEBUG, Severity.INFO, Severity.INFO, Severity.WARN};
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      records.add(LogRecord.builder().timeUnixNano(T0 + i * 1_000_000L)
          .severityNumber(severities[i % 4]).body("request " + (i % 97))
          .instrumentationScope(InstrumentationScope.of("svc.api", null)).build());
    }
    return records;
  }

  private static List<LogRecord> kept(LogRecordProcessor sampler, List<LogRecord> records) {
    List<LogRecord> kept = new ArrayList<>();
    for (LogRecord record : records) {
      LogRecord out = sampler.onEmit(record);
      if (out != null) {
        assertThat(out).isSameAs(record);
        kept.add(out);
      }
    }
    return kept;
  }

  @Test
  void rateSamplerKeepsADeterministicFractionBelowTheThresholdAndEverythingAbove() {
    List<LogRecord> corpus = corpus();
    List<LogRecord> kept = kept(new RateSampler(0.1, Severity.WARN), corpus);
    long warn = kept.stream().filter(r -> r.severityNumber() == Severity.WARN).count();
    long below = kept.size() - warn;
    assertThat(warn).isEqualTo(2_500);
    // 7,500 records below WARN at 10%: the exact count on this corpus (binomial sd ~26).
    assertThat(below).isEqualTo(739);
    // The same records get the same decisions from another instance.
    assertThat(kept(new RateSampler(0.1, Severity.WARN), corpus)).isEqualTo(kept);
    // Rate 1 keeps all, rate 0 keeps only WARN.
    assertThat(kept(new RateSampler(1.0, Severity.WARN), corpus)).hasSize(10_000);
    assertThat(kept(new RateSampler(0.0, Severity.WARN), corpus)).hasSize(2_500);
  }

  @Test
  void higherRatesKeepSupersets() {
    List<LogRecord> corpus = corpus();
    List<LogRecord> tenth = kept(new RateSampler(0.1, Severity.FATAL), corpus);
    List<LogRecord> half = kept(new RateSampler(0.5, Severity.FATAL), corpus);
    assertThat(half).containsAll(tenth);
  }

  @Test
  void traceRatioKeepsEverySampledTraceAndAFractionOfTheRestByTrace() {
    List<LogRecord> records = new ArrayList<>();
    for (int trace = 0; trace < 1_000; trace++) {
      String traceId = String.format("%016x%016x", 0xabcdefL, trace * 0x9E3779B97F4A7C15L + 1);
      boolean sampled = trace % 5 == 0;
      for (int i = 0; i < 4; i++) {
        records.add(LogRecord.builder().timeUnixNano(T0 + trace * 10L + i)
            .body("step " + i).traceId(traceId).spanId("00000000000000" + String.format("%02x", i + 1))
            .traceFlags(sampled ? 1 : 0).build());
      }
    }
    for (int i = 0; i < 1_000; i++) {
      records.add(LogRecord.builder().timeUnixNano(T0 + 50_000 + i).body("no trace").build());
    }
    TraceRatioSampler sampler = new TraceRatioSampler(0.25);
    List<LogRecord> kept = kept(sampler, records);
    // Every record of the 200 sampled traces is kept.
    assertThat(kept.stream().filter(r -> r.traceFlags() == 1).count()).isEqualTo(800);
    // Unsampled traces are kept or dropped whole: a multiple of 4 records.
    long unsampledKept = kept.stream().filter(r -> r.traceId() != null && r.traceFlags() == 0)
        .count();
    assertThat(unsampledKept % 4).isZero();
    assertThat(unsampledKept / 4).isEqualTo(217); // of 800 traces at 25% (exact on this corpus)
    assertThat(kept.stream().filter(r -> r.traceId() == null).count()).isEqualTo(255);
    assertThat(kept(new TraceRatioSampler(0.25), records)).isEqualTo(kept);
  }

  @Test
  void settingsOutOfRangeAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> new RateSampler(1.5, Severity.WARN))
        .hasMessage("sampler_rate.rate must be a number between 0 and 1, got 1.5");
    assertThatThrownBy(() -> new RateSampler(Double.NaN, Severity.WARN))
        .hasMessage("sampler_rate.rate must be a number between 0 and 1, got NaN");
    assertThatThrownBy(() -> new RateSampler(0.5, 25))
        .hasMessage("sampler_rate.below must be a severity number between 1 and 24, got 25");
    assertThatThrownBy(() -> new TraceRatioSampler(-0.1))
        .hasMessage("sampler_trace_ratio.ratio must be a number between 0 and 1, got -0.1");
  }
}
