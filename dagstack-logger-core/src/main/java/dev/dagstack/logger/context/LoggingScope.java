package dev.dagstack.logger.context;

import dev.dagstack.logger.sink.Sink;
import java.util.List;
import java.util.Map;

/**
 * A scope that applies to every logger in the current execution context until closed: extra
 * attributes, a lower threshold, extra sinks. The Spring starter opens one per HTTP request
 * (request id, method, path) and, for an accepted debug request, lowers the threshold and adds
 * the debug sinks. Scopes nest; the innermost wins for a key, the lowest threshold applies.
 *
 * <pre>{@code
 * try (LoggingScope scope = LoggingScope.builder()
 *     .attributes(Attrs.of("request.id", id))
 *     .open()) {
 *   handle(request);
 * }
 * }</pre>
 */
public final class LoggingScope implements AutoCloseable {

  private LoggingScope() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** A builder for a scope that changes nothing until told. */
  public static Builder builder() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Ends the scope, restoring what was current when it opened; idempotent. */
  @Override
  public void close() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Describes a scope; {@link #open()} applies it to the calling thread. */
  public static final class Builder {
    private Builder() {}

    /** Attributes added to every record (call-site and bound attributes win over them). */
    public Builder attributes(Map<String, ?> attributes) {
      throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Lets records down to {@code severityNumber} through every logger's level check, for this
     * context only. Sinks keep their own minimum severity.
     */
    public Builder threshold(int severityNumber) {
      throw new UnsupportedOperationException("not implemented yet");
    }

    /** Sends every record of this context to {@code sinks} as well. */
    public Builder appendSinks(List<? extends Sink> sinks) {
      throw new UnsupportedOperationException("not implemented yet");
    }

    /** Applies the scope to the calling thread. */
    public LoggingScope open() {
      throw new UnsupportedOperationException("not implemented yet");
    }
  }
}
