package dev.dagstack.logger.bench;

import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.processor.RedactionProcessor;
import org.openjdk.jmh.annotations.Param;

/**
 * {@link EmitPathBench} with the {@code redaction} processor and five patterns (none of which
 * matches the workload, the common case): keys only, or keys, values and body.
 */
public class ProcessorBench extends EmitPathBench {

  @Param({"keys", "keys_values_body"})
  public String scan;

  @Override
  LoggerConfiguration configuration(LoggerConfiguration.Builder builder) {
    boolean all = scan.equals("keys_values_body");
    return builder.processors(RedactionProcessor.builder()
        .pattern("tok_[A-Za-z0-9_]+", "tok_***")
        .pattern("\\b\\d{4}[- ]?\\d{4}[- ]?\\d{4}[- ]?\\d{4}\\b")
        .pattern("(?:api|access)[_.-]?key")
        .pattern("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}", "<email>")
        .pattern("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+", "<jwt>")
        .scanValues(all)
        .scanBody(all)
        .build()).build();
  }
}
