package dev.dagstack.logger;

import dev.dagstack.logger.sink.Sink;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A named logger (spec §3): the entry point of the dagstack logger.
 *
 * <pre>{@code
 * Logger.configure(LoggerConfiguration.builder()
 *     .rootLevel(Severity.INFO)
 *     .sinks(ConsoleSink.auto())
 *     .resourceAttribute("service.name", "order-service")
 *     .build());
 *
 * Logger logger = Logger.get("order_service.api", "1.0.0");
 * logger.info("request received", Attrs.of("request.id", "req-abc", "user.id", 42));
 * }</pre>
 *
 * <p>Loggers are cached per name; dots make the hierarchy ({@code a.b.c} → {@code a.b} →
 * {@code a} → the root {@code ""}). Level, sinks, resource and redaction are inherited from the
 * nearest ancestor that sets them. An emit never throws and never blocks on I/O; problems go to
 * the {@code dagstack.logger.internal} diagnostic channel.
 *
 * <p>Trace context: a plain emit reads the current OpenTelemetry context (or the configured
 * {@code TraceContextProvider}) unless {@code autoInjectTraceContext} is off;
 * {@link #withContext(Context)} reads only the given context, and {@link #withoutContext()}
 * reads none.
 */
public final class Logger {

  private Logger() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** The cached logger for {@code name} ({@code ""} is the root). */
  public static Logger get(String name) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * The cached logger for {@code name}, reporting {@code version} in its instrumentation scope.
   * The version given first for a name is kept.
   */
  public static Logger get(String name, String version) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** The root logger. */
  public static Logger root() {
    return get("");
  }

  /**
   * Applies a configuration, replacing the previous one atomically: an emit sees the old or the
   * new configuration, never a mix. Sinks that are no longer used are flushed and closed.
   *
   * @throws IllegalArgumentException when the configuration is invalid (nothing is changed)
   */
  public static void configure(LoggerConfiguration configuration) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** The configuration in effect. */
  public static LoggerConfiguration configuration() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Back to the defaults (a console sink in auto mode at INFO), closing the configured sinks and
   * forgetting per-thread scopes of the calling thread. For tests.
   */
  public static void reset() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** The logger's name; {@code ""} for the root. */
  public String name() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** The version of the instrumentation scope, or {@code null}. */
  public String version() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Whether a record of {@code severityNumber} would be emitted here and now. */
  public boolean isEnabled(int severityNumber) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  public void trace(Object body) {
    log(Severity.TRACE, body, null);
  }

  public void trace(Object body, Map<String, ?> attributes) {
    log(Severity.TRACE, body, attributes);
  }

  public void debug(Object body) {
    log(Severity.DEBUG, body, null);
  }

  public void debug(Object body, Map<String, ?> attributes) {
    log(Severity.DEBUG, body, attributes);
  }

  public void info(Object body) {
    log(Severity.INFO, body, null);
  }

  public void info(Object body, Map<String, ?> attributes) {
    log(Severity.INFO, body, attributes);
  }

  public void warn(Object body) {
    log(Severity.WARN, body, null);
  }

  public void warn(Object body, Map<String, ?> attributes) {
    log(Severity.WARN, body, attributes);
  }

  public void error(Object body) {
    log(Severity.ERROR, body, null);
  }

  public void error(Object body, Map<String, ?> attributes) {
    log(Severity.ERROR, body, attributes);
  }

  public void fatal(Object body) {
    log(Severity.FATAL, body, null);
  }

  public void fatal(Object body, Map<String, ?> attributes) {
    log(Severity.FATAL, body, attributes);
  }

  /** Emits at any severity 1..24; an invalid number is reported and clamped, never thrown. */
  public void log(int severityNumber, Object body) {
    log(severityNumber, body, null);
  }

  /** Emits at any severity 1..24 with attributes. */
  public void log(int severityNumber, Object body, Map<String, ?> attributes) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Emits {@code throwable} at ERROR with {@code exception.type} (fully qualified class name),
   * {@code exception.message} and {@code exception.stacktrace} (the {@code printStackTrace}
   * text, causes included). The body is the exception's message, or its type without one.
   */
  public void exception(Throwable throwable) {
    exception(throwable, null);
  }

  /** As {@link #exception(Throwable)}, with more attributes. */
  public void exception(Throwable throwable, Map<String, ?> attributes) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * A child that adds {@code attributes} to each record; call-site attributes win over these,
   * and these win over baggage. Not cached.
   */
  public Logger with(Map<String, ?> attributes) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** A detached, uncached child whose records go only to {@code sinks}. */
  public Logger withSinks(List<? extends Sink> sinks) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** A detached, uncached child whose records go to this logger's sinks and to {@code sinks}. */
  public Logger appendSinks(List<? extends Sink> sinks) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** A detached, uncached child that discards every record. */
  public Logger withoutSinks() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** A handle whose emits carry no trace context at all (no ambient lookup). */
  public Logger withoutContext() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * A handle whose emits read trace context and baggage from {@code context} only, whatever the
   * ambient context and the {@code autoInjectTraceContext} setting (explicit-context mode).
   */
  public Logger withContext(Context context) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * For the current execution context (this thread, and tasks that carry its
   * {@code ScopeSnapshot}), sends the records of this logger, of {@code Logger.get(name())} and
   * of descendants that inherit its sinks to {@code sinks} instead, until the returned handle is
   * closed. Use with try-with-resources.
   */
  public SinkScope scopeSinks(List<? extends Sink> sinks) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** As {@link #scopeSinks(List)} for the duration of {@code block}, also when it throws. */
  public void scopeSinks(List<? extends Sink> sinks, Runnable block) {
    try (SinkScope ignored = scopeSinks(sinks)) {
      block.run();
    }
  }

  /** As {@link #scopeSinks(List, Runnable)}, returning what {@code block} returns. */
  public <T> T scopeSinks(List<? extends Sink> sinks, Supplier<T> block) {
    try (SinkScope ignored = scopeSinks(sinks)) {
      return block.get();
    }
  }

  /** Flushes this logger's effective sinks, waiting at most {@code timeout}. */
  public FlushResult flush(Duration timeout) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Flushes and closes this logger's effective sinks. */
  public void close() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** The handle of a {@link #scopeSinks(List)} scope; closing it restores the previous sinks. */
  public interface SinkScope extends AutoCloseable {
    @Override
    void close();
  }
}
