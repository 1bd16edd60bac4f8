package dev.dagstack.logger;

import dev.dagstack.logger.context.TraceContextProvider;
import dev.dagstack.logger.processor.CompositeProcessor;
import dev.dagstack.logger.record.Resource;
import dev.dagstack.logger.redaction.Redactor;
import dev.dagstack.logger.sink.Sink;

/**
 * What one cached logger needs on the emit path, resolved from one configuration: immutable, and
 * read once per emit through the logger's volatile field, so an emit sees one configuration.
 */
final class LoggerState {
  final int threshold;
  final Sink[] sinks;
  /** The logger's name and its ancestors' up to the one its sinks come from (scope lookup). */
  final String[] sinkChain;
  final Resource resource;
  final Redactor redactor;
  /** Runs after {@link #redactor}: the AI-agent pack's body privacy (spec §5.5). */
  final BodyPrivacy bodyPrivacy;
  final boolean autoInjectTraceContext;
  final String[] baggageKeys;
  final TraceContextProvider traceContextProvider;
  /** The processor chain (empty on the diagnostic channel). */
  final CompositeProcessor processors;
  /** The emits in flight on this state's configuration (shared by all its loggers). */
  final InFlight inFlight;
  /** The provider whose configuration this is (what provider-scoped taps select by). */
  final LoggerProvider owner;

  LoggerState(int threshold, Sink[] sinks, String[] sinkChain, Resource resource,
      Redactor redactor, BodyPrivacy bodyPrivacy, boolean autoInjectTraceContext,
      String[] baggageKeys, TraceContextProvider traceContextProvider,
      CompositeProcessor processors, InFlight inFlight, LoggerProvider owner) {
    this.threshold = threshold;
    this.sinks = sinks;
    this.sinkChain = sinkChain;
    this.resource = resource;
    this.redactor = redactor;
    this.bodyPrivacy = bodyPrivacy;
    this.autoInjectTraceContext = autoInjectTraceContext;
    this.baggageKeys = baggageKeys;
    this.traceContextProvider = traceContextProvider;
    this.processors = processors;
    this.inFlight = inFlight;
    this.owner = owner;
  }
}
