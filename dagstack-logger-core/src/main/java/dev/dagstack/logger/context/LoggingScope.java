package dev.dagstack.logger.context;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.sink.Sinks;
import java.util.Arrays;
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

  private final ScopeContext.Frame frame;

  private LoggingScope(ScopeContext.Frame frame) {
    this.frame = frame;
  }

  /** A builder for a scope that changes nothing until told. */
  public static Builder builder() {
    return new Builder();
  }

  /** Ends the scope, restoring what was current when it opened; idempotent. */
  @Override
  public void close() {
    ScopeContext.close(frame);
  }

  /** Describes a scope; {@link #open()} applies it to the calling thread. */
  public static final class Builder {
    private Attrs attributes = Attrs.empty();
    private int threshold = ScopeState.NO_THRESHOLD;
    private Sink[] appendedSinks = new Sink[0];
    private boolean captureBodies;

    private Builder() {}

    /** Attributes added to every record (call-site and bound attributes win over them). */
    public Builder attributes(Map<String, ?> attributes) {
      this.attributes = this.attributes.withAll(Attrs.from(attributes));
      return this;
    }

    /**
     * Lets records down to {@code severityNumber} through every logger's level check, for this
     * context only. Sinks keep their own minimum severity.
     *
     * @throws IllegalArgumentException when the number is outside 1..24
     */
    public Builder threshold(int severityNumber) {
      if (!Severity.isValid(severityNumber)) {
        throw new IllegalArgumentException(
            "LoggingScope threshold must be between 1 and 24, got " + severityNumber);
      }
      this.threshold = severityNumber;
      return this;
    }

    /** Sends every record of this context to {@code sinks} as well. */
    public Builder appendSinks(List<? extends Sink> sinks) {
      Sink[] added = Sinks.toArray(sinks, "LoggingScope.appendSinks");
      Sink[] all = Arrays.copyOf(appendedSinks, appendedSinks.length + added.length);
      System.arraycopy(added, 0, all, appendedSinks.length, added.length);
      this.appendedSinks = all;
      return this;
    }

    /**
     * Keeps AI-agent bodies (spec §5.5, {@code capture_bodies}) in the records of this context
     * only: other contexts stay in privacy mode. Truncation and hashing still apply.
     */
    public Builder captureBodies() {
      this.captureBodies = true;
      return this;
    }

    /** Applies the scope to the calling thread. */
    public LoggingScope open() {
      return new LoggingScope(
          ScopeContext.openScope(attributes, threshold, appendedSinks, captureBodies));
    }
  }
}
