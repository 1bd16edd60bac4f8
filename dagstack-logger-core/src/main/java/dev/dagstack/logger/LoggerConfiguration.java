package dev.dagstack.logger;

import dev.dagstack.logger.context.TraceContextProvider;
import dev.dagstack.logger.redaction.RedactionConfig;
import dev.dagstack.logger.sink.Sink;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Everything {@link Logger#configure(LoggerConfiguration)} sets (spec §9): the root level,
 * per-logger levels and sinks, the root sinks, resource attributes, redaction, the
 * trace-context flag, the baggage allow-list and the trace-context source. Immutable; build
 * one with {@link #builder()}.
 *
 * <p>Resource attributes are merged with {@code OTEL_RESOURCE_ATTRIBUTES} and
 * {@code OTEL_SERVICE_NAME} from the environment; configured values win.
 */
public final class LoggerConfiguration {

  /** The default baggage allow-list. */
  public static final List<String> DEFAULT_BAGGAGE_KEYS = List.of("tenant.id", "request.id", "user.id");

  private LoggerConfiguration() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** A builder with the defaults: INFO, no sinks, no resource, default redaction, auto-inject on. */
  public static Builder builder() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Builds a {@link LoggerConfiguration}. */
  public static final class Builder {
    private Builder() {}

    /** The root level, a severity number 1..24. */
    public Builder rootLevel(int severityNumber) {
      throw new UnsupportedOperationException("not implemented yet");
    }

    /** The root level as a name or number ({@link Severity#parse}). */
    public Builder rootLevel(String level) {
      return rootLevel(Severity.parse(level));
    }

    /** The level of {@code loggerName} and its descendants that set none. */
    public Builder level(String loggerName, int severityNumber) {
      throw new UnsupportedOperationException("not implemented yet");
    }

    /** The root sinks. */
    public Builder sinks(Sink... sinks) {
      return sinks(List.of(sinks));
    }

    /** The root sinks. */
    public Builder sinks(Collection<? extends Sink> sinks) {
      throw new UnsupportedOperationException("not implemented yet");
    }

    /** The sinks of {@code loggerName} and its descendants that set none (replacing the root's). */
    public Builder sinks(String loggerName, Collection<? extends Sink> sinks) {
      throw new UnsupportedOperationException("not implemented yet");
    }

    /** Resource attributes (merged over the environment's). */
    public Builder resourceAttributes(Map<String, ?> attributes) {
      throw new UnsupportedOperationException("not implemented yet");
    }

    /** One resource attribute. */
    public Builder resourceAttribute(String key, Object value) {
      throw new UnsupportedOperationException("not implemented yet");
    }

    /** The redaction settings; validated by {@link #build()}. */
    public Builder redaction(RedactionConfig redaction) {
      throw new UnsupportedOperationException("not implemented yet");
    }

    /** Whether plain emits read the ambient trace context (default {@code true}). */
    public Builder autoInjectTraceContext(boolean enabled) {
      throw new UnsupportedOperationException("not implemented yet");
    }

    /** The W3C Baggage keys copied into attributes (default {@link #DEFAULT_BAGGAGE_KEYS}). */
    public Builder baggageKeys(Collection<String> keys) {
      throw new UnsupportedOperationException("not implemented yet");
    }

    /** Where the ambient trace context comes from (default: the OpenTelemetry Context API). */
    public Builder traceContextProvider(TraceContextProvider provider) {
      throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException naming the invalid setting
     */
    public LoggerConfiguration build() {
      throw new UnsupportedOperationException("not implemented yet");
    }
  }
}
