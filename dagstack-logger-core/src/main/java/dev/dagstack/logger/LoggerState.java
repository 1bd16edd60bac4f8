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
  /**
   * What an emit on this state is in flight on: its configuration (a {@link
   * ResolvedConfiguration}, shared by all its loggers), so that a reconfiguration closes the
   * retired sinks only after every record that read the old configuration has reached them: no
   * record is lost to a closed sink, none is delivered twice (spec §9.3).
   *
   * <p>Protocol (a Dekker-style handshake on volatile accesses; see
   * {@link dev.dagstack.logger.diagnostic.EmitGuard#enterFlight}): an emit marks its thread's
   * guard as in flight on this token, then re-reads the logger's state; if the state changed it
   * leaves and goes through the new one. The reconfiguration publishes the new state, then waits
   * until no thread's guard is in flight on the old token
   * ({@link dev.dagstack.logger.diagnostic.EmitGuard#awaitNoFlight}). An emit either sees the
   * new state on its re-read or is seen by the wait. A thread has at most one emit in flight
   * (the guard refuses re-entrant ones), so one field per thread is enough: an emit costs one
   * volatile write and one release store, and producers share no counter.
   */
  final Object flight;
  /** The provider whose configuration this is (what provider-scoped taps select by). */
  final LoggerProvider owner;

  LoggerState(int threshold, Sink[] sinks, String[] sinkChain, Resource resource,
      Redactor redactor, BodyPrivacy bodyPrivacy, boolean autoInjectTraceContext,
      String[] baggageKeys, TraceContextProvider traceContextProvider,
      CompositeProcessor processors, Object flight, LoggerProvider owner) {
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
    this.flight = flight;
    this.owner = owner;
  }
}
