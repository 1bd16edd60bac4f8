package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.processor.EnrichProcessor;
import dev.dagstack.logger.processor.LogRecordProcessor;
import dev.dagstack.logger.processor.RateSampler;
import dev.dagstack.logger.processor.RedactionProcessor;
import dev.dagstack.logger.processor.TraceRatioSampler;
import dev.dagstack.logger.record.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the processors of {@code dagstack.logger.processors}, naming the first bad property. */
final class ProcessorFactory {

  static final String ACCEPTED_TYPES =
      "one of redaction, sampler_rate, sampler_trace_ratio, enrich";

  private ProcessorFactory() {}

  static List<LogRecordProcessor> create(List<ProcessorProperties> entries) {
    List<LogRecordProcessor> processors = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      processors.add(create(DagstackLoggerProperties.PREFIX + ".processors[" + i + "]",
          entries.get(i)));
    }
    return processors;
  }

  private static LogRecordProcessor create(String path, ProcessorProperties p) {
    if (p.getType() == null) {
      throw new InvalidDagstackLoggerPropertyException(path + ".type", null, ACCEPTED_TYPES);
    }
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("patterns", p.getPatterns());
    set.put("scan-values", p.getScanValues());
    set.put("scan-body", p.getScanBody());
    set.put("rate", p.getRate());
    set.put("below", p.getBelow());
    set.put("ratio", p.getRatio());
    set.put("attributes", p.getAttributes());
    switch (p.getType()) {
      case REDACTION:
        onlyThese(path, p, set, "patterns", "scan-values", "scan-body");
        return redaction(path, p);
      case SAMPLER_RATE:
        onlyThese(path, p, set, "rate", "below");
        double rate = required(path + ".rate", p.getRate(), "a number between 0 and 1");
        int below = p.getBelow() == null ? Severity.WARN
            : LoggerConfigurationFactory.level(path + ".below", p.getBelow());
        try {
          return new RateSampler(rate, below);
        } catch (IllegalArgumentException e) {
          throw new InvalidDagstackLoggerPropertyException(path + ".rate", rate, e.getMessage());
        }
      case SAMPLER_TRACE_RATIO:
        onlyThese(path, p, set, "ratio");
        double ratio = required(path + ".ratio", p.getRatio(), "a number between 0 and 1");
        try {
          return new TraceRatioSampler(ratio);
        } catch (IllegalArgumentException e) {
          throw new InvalidDagstackLoggerPropertyException(path + ".ratio", ratio, e.getMessage());
        }
      case ENRICH:
        onlyThese(path, p, set, "attributes");
        Map<String, String> attributes = p.getAttributes();
        if (attributes == null || attributes.isEmpty()) {
          throw new InvalidDagstackLoggerPropertyException(path + ".attributes", null,
              "at least one attribute, e.g. deployment.region: eu-west-1");
        }
        return EnrichProcessor.builder().attributes(attributes).build();
      default:
        throw new InvalidDagstackLoggerPropertyException(path + ".type", p.getType(),
            ACCEPTED_TYPES);
    }
  }

  private static RedactionProcessor redaction(String path, ProcessorProperties p) {
    List<ProcessorProperties.Pattern> patterns = p.getPatterns();
    if (patterns == null || patterns.isEmpty()) {
      throw new InvalidDagstackLoggerPropertyException(path + ".patterns", null,
          "at least one pattern, e.g. - pattern: \"tok_[A-Za-z0-9_]+\"");
    }
    RedactionProcessor.Builder builder = RedactionProcessor.builder()
        .scanValues(Boolean.TRUE.equals(p.getScanValues()))
        .scanBody(Boolean.TRUE.equals(p.getScanBody()));
    for (int j = 0; j < patterns.size(); j++) {
      ProcessorProperties.Pattern pattern = patterns.get(j);
      try {
        builder.pattern(pattern.getPattern(), pattern.getReplacement(), pattern.isIgnoreCase());
      } catch (IllegalArgumentException e) {
        String property = path + ".patterns[" + j + "]."
            + (pattern.getReplacement() == null ? "replacement" : "pattern");
        throw new InvalidDagstackLoggerPropertyException(property,
            pattern.getReplacement() == null ? null : pattern.getPattern(), e.getMessage());
      }
    }
    return builder.build();
  }

  private static double required(String property, Double value, String accepted) {
    if (value == null) {
      throw new InvalidDagstackLoggerPropertyException(property, null, accepted);
    }
    return value;
  }

  /** Rejects a setting that belongs to another type: it would be silently ignored. */
  private static void onlyThese(String path, ProcessorProperties p, Map<String, Object> set,
      String... allowed) {
    List<String> own = List.of(allowed);
    for (Map.Entry<String, Object> entry : set.entrySet()) {
      if (entry.getValue() != null && !own.contains(entry.getKey())) {
        throw new InvalidDagstackLoggerPropertyException(path + "." + entry.getKey(),
            entry.getValue(), "no such setting for type " + p.getType().name().toLowerCase()
                + "; its settings: " + String.join(", ", own));
      }
    }
  }
}
