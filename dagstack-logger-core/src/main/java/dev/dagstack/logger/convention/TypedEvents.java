package dev.dagstack.logger.convention;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Typed events (spec §5.2), behind {@code logger.emitEvent(domain, name, attributes)}: the record
 * (body: the event name) carries the caller's attributes plus {@code event.domain},
 * {@code event.name} and {@code event.schema_version}, at the schema's {@code severity_hint}
 * unless a severity is given.
 *
 * <p>The attributes are checked against the event's schema ({@link EventSchemas}): a required
 * one missing, a surplus one (neither required nor optional), or an event without a schema is a
 * violation. In {@link ValidationMode#REPORT} mode (the default) the record is written, the
 * violation is reported on the diagnostic channel (rate-limited per event) and counted; in
 * {@link ValidationMode#STRICT} mode an {@link EventSchemaException} lists the missing and surplus
 * attributes and nothing is written.
 *
 * <p>A null or blank domain or name, and a reserved domain ({@code dagstack.*},
 * {@code operation.*}, {@code progress.*}), are refused: in report mode the record is still
 * written as a plain one (body: the name, or {@code "typed event"} when it is blank; the
 * caller's attributes without any {@code event.*} key; {@code dagstack.event.rejected} with the
 * reason) and the refusal reported; in strict mode {@link EventSchemaException} is thrown.
 * Reports are rate-limited per problem (domain and name), so distinct problems are each
 * reported, and repeats of one are counted in {@code dagstack.suppressed_count}.
 *
 * <p>Strict mode throws for exactly: a null or blank domain or name, a reserved domain, an
 * event without a schema, a required attribute missing, a surplus attribute.
 */
public final class TypedEvents {

  private static final AtomicLong VIOLATIONS = new AtomicLong();

  private TypedEvents() {}

  /**
   * Emits a typed event through {@code logger}; {@code severityNumber} {@code null} takes the
   * schema's hint (INFO without a schema).
   *
   * @throws EventSchemaException in strict mode only, for a violation or a reserved domain
   */
  public static void emit(ConventionLogger logger, Integer severityNumber, String domain, String name,
      Map<String, ?> attributes) {
    ConventionsConfig conventions = logger.conventions();
    boolean strict = conventions.validation() == ValidationMode.STRICT;
    if (domain == null || domain.isBlank() || name == null || name.isBlank()) {
      String reason = (domain == null ? "domain is null" : domain.isBlank() ? "domain is blank"
          : name == null ? "name is null" : "name is blank");
      refuse(strict, "event-invalid:" + domain + "/" + name, "typed event refused: " + reason
          + " (domain '" + domain + "', name '" + name + "')", String.valueOf(domain),
          String.valueOf(name));
      writeRejected(logger, severityNumber, name, attributes, reason);
      return;
    }
    if (EventSchemas.isReserved(domain)) {
      refuse(strict, "event-reserved:" + domain + "/" + name, "typed event " + domain + "/"
          + name + " refused: domain " + domain + " is reserved (dagstack.*, operation.*,"
          + " progress.*); use the application's own reverse-DNS domain", domain, name);
      writeRejected(logger, severityNumber, name, attributes, "domain " + domain
          + " is reserved");
      return;
    }
    if (conventions.aiAgent().enabled() && AiAgentEvents.isPackDomain(domain)) {
      refuse(strict, "event-reserved:" + domain, "typed event " + domain + "/" + name
          + " refused: domain " + domain + " is reserved by the AI-agent pack ("
          + AiAgentEvents.RESERVED_DOMAINS + "); use AiAgentEvents.emit for ai_agent events",
          domain, name);
      writeRejected(logger, severityNumber, name, attributes, "domain " + domain
          + " is reserved by the AI-agent pack");
      return;
    }
    emitChecked(logger, severityNumber, domain, name, attributes, conventions.schemas(), strict,
        true);
  }

  /**
   * Checks and emits an event of a domain already admitted; {@code surplusIsViolation} false
   * for packs whose attributes are open-ended (numbered {@code gen_ai.prompt.<N>.content}).
   */
  static void emitChecked(ConventionLogger logger, Integer severityNumber, String domain, String name,
      Map<String, ?> attributes, EventSchemas schemas, boolean strict,
      boolean surplusIsViolation) {
    Attrs given;
    EventSchema schema;
    try {
      given = Attrs.from(attributes);
      Optional<EventSchema> found = schemas.find(domain, name);
      schema = found.orElse(null);
    } catch (RuntimeException | LinkageError e) {
      Diagnostics.errorLimited("event:" + domain + "/" + name, "typed event " + domain + "/"
          + name + " could not be checked", e, Attrs.of("event.domain", domain, "event.name", name));
      given = Attrs.empty();
      schema = null;
    }
    if (schema == null) {
      violation(strict, "event:" + domain + "/" + name, "typed event " + domain + "/" + name
          + " has no schema (add it to META-INF/dagstack/events/" + domain + ".yaml or a"
          + " configured schema location)", domain, name, List.of(), List.of());
    } else {
      List<String> missing = new ArrayList<>();
      for (String key : schema.requiredAttributes()) {
        if (!given.containsKey(key)) {
          missing.add(key);
        }
      }
      List<String> surplus = new ArrayList<>();
      for (String key : surplusIsViolation ? given.keySet() : List.<String>of()) {
        if (!schema.requiredAttributes().contains(key)
            && !schema.optionalAttributes().contains(key) && !key.startsWith("event.")) {
          surplus.add(key);
        }
      }
      if (!missing.isEmpty() || !surplus.isEmpty()) {
        violation(strict, "event:" + domain + "/" + name, "typed event " + domain + "/" + name
            + " does not match its schema (" + schema.source() + "): missing " + missing
            + ", surplus " + surplus, domain, name, missing, surplus);
      }
    }
    int severity = severityNumber != null ? severityNumber
        : schema != null ? schema.severityHint() : Severity.INFO;
    Attrs.Builder all = Attrs.builder(given.size() + 3).putAll(given)
        .put("event.domain", domain)
        .put("event.name", name);
    if (schema != null) {
      all.put("event.schema_version", schema.schemaVersion());
    }
    logger.log(severity, name, all.build());
  }

  /**
   * A refused event is still a record (an emit always writes one): the caller's attributes, no
   * {@code event.*} claim, and the reason in {@code dagstack.event.rejected}.
   */
  private static void writeRejected(ConventionLogger logger, Integer severityNumber, String name,
      Map<String, ?> attributes, String reason) {
    Attrs given;
    try {
      given = Attrs.from(attributes);
    } catch (RuntimeException | LinkageError e) {
      given = Attrs.empty();
    }
    Attrs.Builder all = Attrs.builder(given.size() + 1);
    for (String key : given.keySet()) {
      if (!key.startsWith("event.")) {
        all.put(key, given.get(key));
      }
    }
    all.put("dagstack.event.rejected", reason);
    logger.log(severityNumber != null ? severityNumber : Severity.INFO,
        name == null || name.isBlank() ? "typed event" : name, all.build());
  }

  /** How many schema violations and refused events there have been in this process. */
  public static long violationCount() {
    return VIOLATIONS.get();
  }

  /**
   * A refused event: thrown in strict mode (nothing written); reported in report mode, where the
   * caller then writes it as a plain record ({@link #writeRejected}).
   */
  private static void refuse(boolean strict, String key, String message, String domain,
      String name) {
    violation(strict, key, strict ? message : message + "; written as a plain record", domain,
        name, List.of(), List.of());
  }

  private static void violation(boolean strict, String key, String message, String domain,
      String name, List<String> missing, List<String> surplus) {
    VIOLATIONS.incrementAndGet();
    if (strict) {
      throw new EventSchemaException(message);
    }
    Diagnostics.warnLimited(key, message, Attrs.of("event.domain", domain, "event.name", name,
        "event.missing_attributes", missing, "event.surplus_attributes", surplus));
  }
}
