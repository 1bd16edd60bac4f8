package dev.dagstack.logger;

import dev.dagstack.logger.convention.AiAgentConfig;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.processor.CompositeProcessor;
import dev.dagstack.logger.record.Resource;
import dev.dagstack.logger.redaction.Redactor;
import dev.dagstack.logger.sink.Sink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A configuration with its environment merged in, resolving each logger's state. Immutable.
 * Also the token its loggers' emits are in flight on ({@link LoggerState#flight}), drained
 * before its sinks are retired.
 */
final class ResolvedConfiguration {

  private static final Sink[] DIAGNOSTIC_SINKS = {DiagnosticChannelSink.INSTANCE};

  final LoggerConfiguration configuration;
  private final Resource resource;
  private final Redactor redactor;
  private final BodyPrivacy bodyPrivacy;
  private final String[] baggageKeys;
  /** The provider this configuration belongs to (the owner taps select records by). */
  final LoggerProvider owner;

  ResolvedConfiguration(LoggerConfiguration configuration, UnaryOperator<String> environment,
      LoggerProvider owner) {
    this.configuration = configuration;
    this.owner = owner;
    this.redactor = Redactor.of(configuration.redaction());
    // Resource attributes (configured or from OTEL_RESOURCE_ATTRIBUTES) are masked like record
    // attributes: a db_password there would otherwise be on every line.
    Resource merged = EnvironmentResource.merge(configuration.resourceAttributes(), environment);
    this.resource = Resource.of(redactor.redact(merged.attributes()));
    this.bodyPrivacy = BodyPrivacy.of(configuration.conventions().aiAgent(),
        environment.apply(AiAgentConfig.DEBUG_ENVIRONMENT_VARIABLE));
    this.baggageKeys = configuration.baggageKeys().toArray(new String[0]);
  }

  /** The parent of a logger name ({@code "a.b"} → {@code "a"} → {@code ""}). */
  static String parent(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(0, dot);
  }

  LoggerState stateFor(String name) {
    Integer level = null;
    Sink[] sinks = null;
    List<String> chain = new ArrayList<>();
    boolean diagnostic = false;
    for (String n = name; ; n = parent(n)) {
      if (level == null && configuration.levels().containsKey(n)) {
        level = configuration.levels().get(n);
      }
      if (sinks == null) {
        chain.add(n);
        List<Sink> configured = n.isEmpty() ? configuration.sinks() : configuration.loggerSinks().get(n);
        if (configured != null) {
          sinks = configured.toArray(new Sink[0]);
        } else if (n.equals(Diagnostics.LOGGER_NAME)) {
          // The diagnostic channel never inherits the root's sinks.
          sinks = DIAGNOSTIC_SINKS;
          diagnostic = true;
        }
      }
      if (n.isEmpty()) {
        break;
      }
    }
    diagnostic |= name.equals(Diagnostics.LOGGER_NAME)
        || name.startsWith(Diagnostics.LOGGER_NAME + ".");
    return new LoggerState(level == null ? configuration.rootLevel() : level, sinks,
        chain.toArray(new String[0]), resource, diagnostic ? Redactor.NONE : redactor,
        diagnostic ? BodyPrivacy.NONE : bodyPrivacy, configuration.autoInjectTraceContext(),
        baggageKeys, configuration.traceContextProvider(),
        diagnostic ? CompositeProcessor.empty() : configuration.processors(), this, owner);
  }

  /** Every sink this configuration holds, once each. */
  Set<Sink> allSinks() {
    Set<Sink> all = Collections.newSetFromMap(new IdentityHashMap<>());
    all.addAll(configuration.sinks());
    for (List<Sink> sinks : configuration.loggerSinks().values()) {
      all.addAll(sinks);
    }
    return all;
  }

  /** The AI-agent pack's body privacy ({@link BodyPrivacy#NONE} when the pack is off). */
  BodyPrivacy bodyPrivacy() {
    return bodyPrivacy;
  }

  /** The redactor's effective suffixes. */
  Redactor redactor() {
    return redactor;
  }
}
