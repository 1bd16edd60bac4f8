package dev.dagstack.logger.spring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code dagstack.logger.processors}, an ordered list (spec §8): the processor
 * {@code type} and the settings of that type. Unset settings are {@code null} so that a setting
 * given to the wrong type can be named in the startup failure.
 *
 * <pre>
 * dagstack.logger.processors:
 *   - type: redaction            # patterns matched in keys; values and body on request
 *     patterns:
 *       - pattern: "tok_[A-Za-z0-9_]+"
 *         replacement: "tok_***"
 *     scan-values: true
 *     scan-body: true
 *   - type: sampler_rate         # keep 10% below WARN
 *     rate: 0.1
 *     below: warn
 *   - type: sampler_trace_ratio  # every sampled trace, 25% of the rest
 *     ratio: 0.25
 *   - type: enrich
 *     attributes:
 *       deployment.region: eu-west-1
 * </pre>
 */
public class ProcessorProperties {

  /** The built-in processors. */
  public enum Type {
    /** Regex patterns with replacements ({@code RedactionProcessor}). */
    REDACTION,
    /** A deterministic fraction below a severity ({@code RateSampler}). */
    SAMPLER_RATE,
    /** Sampled traces whole, a fraction of the rest ({@code TraceRatioSampler}). */
    SAMPLER_TRACE_RATIO,
    /** Static attributes ({@code EnrichProcessor}). */
    ENRICH
  }

  /** The processor: redaction, sampler_rate, sampler_trace_ratio or enrich. */
  private Type type;

  /** redaction: the patterns (ECMAScript-like regex subset) with their literal replacements. */
  private List<Pattern> patterns;

  /** redaction: whether string attribute values are scanned too (default false). */
  private Boolean scanValues;

  /** redaction: whether the body is scanned too (default false). */
  private Boolean scanBody;

  /** sampler_rate: the fraction of records below {@code below} that is kept, 0-1. */
  private Double rate;

  /** sampler_rate: the level from which every record is kept (default WARN). */
  private String below;

  /** sampler_trace_ratio: the fraction kept outside sampled traces, 0-1. */
  private Double ratio;

  /** enrich: the attributes added to every record (a record's own win). */
  private Map<String, String> attributes;

  public Type getType() {
    return type;
  }

  public void setType(Type type) {
    this.type = type;
  }

  public List<Pattern> getPatterns() {
    return patterns;
  }

  public void setPatterns(List<Pattern> patterns) {
    this.patterns = patterns == null ? null : new ArrayList<>(patterns);
  }

  public Boolean getScanValues() {
    return scanValues;
  }

  public void setScanValues(Boolean scanValues) {
    this.scanValues = scanValues;
  }

  public Boolean getScanBody() {
    return scanBody;
  }

  public void setScanBody(Boolean scanBody) {
    this.scanBody = scanBody;
  }

  public Double getRate() {
    return rate;
  }

  public void setRate(Double rate) {
    this.rate = rate;
  }

  public String getBelow() {
    return below;
  }

  public void setBelow(String below) {
    this.below = below;
  }

  public Double getRatio() {
    return ratio;
  }

  public void setRatio(Double ratio) {
    this.ratio = ratio;
  }

  public Map<String, String> getAttributes() {
    return attributes;
  }

  public void setAttributes(Map<String, String> attributes) {
    this.attributes = attributes == null ? null : new LinkedHashMap<>(attributes);
  }

  /** One redaction pattern. */
  public static class Pattern {

    /** The regex (ECMAScript-like subset; checked at startup). */
    private String pattern;

    /** The literal replacement (default ***). */
    private String replacement = "***";

    /** Whether ASCII letters match either case (ECMAScript's i flag). */
    private boolean ignoreCase;

    public boolean isIgnoreCase() {
      return ignoreCase;
    }

    public void setIgnoreCase(boolean ignoreCase) {
      this.ignoreCase = ignoreCase;
    }

    /** The pattern's text, as error messages quote a list of patterns. */
    @Override
    public String toString() {
      return String.valueOf(pattern);
    }

    public String getPattern() {
      return pattern;
    }

    public void setPattern(String pattern) {
      this.pattern = pattern;
    }

    public String getReplacement() {
      return replacement;
    }

    public void setReplacement(String replacement) {
      this.replacement = replacement;
    }
  }
}
