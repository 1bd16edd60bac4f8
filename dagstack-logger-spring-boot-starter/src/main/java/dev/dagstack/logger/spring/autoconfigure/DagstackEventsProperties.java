package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.convention.ValidationMode;
import java.util.ArrayList;
import java.util.List;

/** {@code dagstack.logger.events.*}: typed events and their schemas (spec §5.2). */
public class DagstackEventsProperties {

  /**
   * What a typed event that breaks its schema does: report (the record is written, the
   * violation goes to the diagnostic channel and the dagstack.logger.events.violations counter)
   * or strict (emitEvent throws; for tests and development).
   */
  private ValidationMode validation = ValidationMode.REPORT;

  /**
   * More schema files, read after classpath*:META-INF/dagstack/events/*.yaml: Spring resource
   * locations (classpath:, file:, patterns); a location ending in / is a directory whose *.yaml
   * and *.yml files are read.
   */
  private List<String> schemaLocations = new ArrayList<>();

  public ValidationMode getValidation() {
    return validation;
  }

  public void setValidation(ValidationMode validation) {
    this.validation = validation;
  }

  public List<String> getSchemaLocations() {
    return schemaLocations;
  }

  public void setSchemaLocations(List<String> schemaLocations) {
    this.schemaLocations = schemaLocations;
  }
}
