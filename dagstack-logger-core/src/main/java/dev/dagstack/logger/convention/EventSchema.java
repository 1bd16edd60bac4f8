package dev.dagstack.logger.convention;

import java.util.List;

/**
 * One typed event of a schema file (spec §5.2): the {@code events.<name>} entry of the file of
 * its domain.
 *
 * @param domain the event domain, reverse-DNS ({@code dev.dagstack.sample})
 * @param name the event name ({@code order_placed})
 * @param schemaVersion {@code event.schema_version}: a string or a whole number, as written
 * @param severityHint the severity number used when {@code emitEvent} is given none (1..24)
 * @param requiredAttributes attributes every emit must carry
 * @param optionalAttributes attributes an emit may carry; any other one is surplus
 * @param description what the event means, or {@code ""}
 * @param source the file the event was read from (for messages)
 */
public record EventSchema(String domain, String name, Object schemaVersion, int severityHint,
    List<String> requiredAttributes, List<String> optionalAttributes, String description,
    String source) {

  public EventSchema {
    requiredAttributes = List.copyOf(requiredAttributes);
    optionalAttributes = List.copyOf(optionalAttributes);
  }
}
