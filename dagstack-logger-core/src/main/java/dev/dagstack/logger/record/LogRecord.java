package dev.dagstack.logger.record;


/**
 * One log record, with the fields of the OpenTelemetry Log Data Model v1.24 (spec §1).
 *
 * <p>Immutable. {@code body} and the attribute values are canonical values (see {@link Values}).
 * {@code observedTimeUnixNano} is {@code null} when the producer left it unset: sinks that
 * serialise the record fill in the time they write it. {@code traceId} and {@code spanId} are
 * lowercase hex strings (32 and 16 characters) or {@code null} when there is no span; they are
 * never all zeros in place of "absent". {@code traceFlags} is an unsigned byte (0..255).
 *
 * <p>The canonical constructor validates (times not negative, severity range, ids, flags) and
 * fills in empty parts; it is used on the emit path. {@link #builder()} is the convenient way to
 * write one by hand. An invalid part is an {@link IllegalArgumentException} naming the field and
 * the value.
 *
 * @param timeUnixNano when the event happened, nanoseconds since the Unix epoch, 0 or more
 * @param observedTimeUnixNano when it was observed (0 or more), or {@code null}
 * @param severityNumber 1..24
 * @param body a canonical value, usually a {@code String}
 * @param attributes the record's attributes, never {@code null}
 * @param resource the process-wide resource, never {@code null}
 * @param instrumentationScope the emitting logger's name and version, never {@code null}
 * @param traceId 32 lowercase hex characters, or {@code null}
 * @param spanId 16 lowercase hex characters, or {@code null}
 * @param traceFlags W3C trace flags, 0..255
 */
public record LogRecord(
    long timeUnixNano,
    Long observedTimeUnixNano,
    int severityNumber,
    Object body,
    Attrs attributes,
    Resource resource,
    InstrumentationScope instrumentationScope,
    String traceId,
    String spanId,
    int traceFlags) {

  /** Validates the parts; see the class description. */
  public LogRecord {
    // Unsigned in the data model (fixed64): a negative time would be written as a line no reader
    // of the wire formats accepts.
    if (timeUnixNano < 0) {
      throw new IllegalArgumentException(
          "time_unix_nano must be 0 or more (nanoseconds since the Unix epoch), got " + timeUnixNano);
    }
    if (observedTimeUnixNano != null && observedTimeUnixNano < 0) {
      throw new IllegalArgumentException("observed_time_unix_nano must be 0 or more (nanoseconds"
          + " since the Unix epoch), got " + observedTimeUnixNano);
    }
    if (!Severity.isValid(severityNumber)) {
      throw new IllegalArgumentException(
          "severity_number must be between 1 and 24, got " + severityNumber);
    }
    if (attributes == null) {
      attributes = Attrs.empty();
    }
    if (resource == null) {
      resource = Resource.empty();
    }
    if (instrumentationScope == null) {
      instrumentationScope = InstrumentationScope.ROOT;
    }
    if (traceId != null && !HexIds.isValid(traceId, 32)) {
      throw new IllegalArgumentException(
          "trace_id must be 32 lowercase hex characters and not all zeros, got '" + traceId + "'");
    }
    if (spanId != null && !HexIds.isValid(spanId, 16)) {
      throw new IllegalArgumentException(
          "span_id must be 16 lowercase hex characters and not all zeros, got '" + spanId + "'");
    }
    if (traceFlags < 0 || traceFlags > 255) {
      throw new IllegalArgumentException("trace_flags must be between 0 and 255, got " + traceFlags);
    }
  }

  /** The canonical text of the severity's bucket, e.g. {@code "INFO"} for 9..12. */
  public String severityText() {
    return Severity.text(severityNumber);
  }

  /** The body as text: the string itself, or {@code String.valueOf} of a structured body. */
  public String bodyText() {
    return body instanceof String ? (String) body : String.valueOf(body);
  }

  /**
   * This record with other attributes, every other field kept; this record itself when
   * {@code value} is its attributes (the same instance), so a processor or a sink that may change
   * them copies nothing when it does not.
   *
   * @param value the attributes; {@code null} for none, as in the constructor
   */
  public LogRecord withAttributes(Attrs value) {
    return value == attributes ? this : new LogRecord(timeUnixNano, observedTimeUnixNano,
        severityNumber, body, value, resource, instrumentationScope, traceId, spanId, traceFlags);
  }

  /**
   * This record with another body, every other field kept; this record itself when
   * {@code value} is its body (the same instance). Chain it with {@link #withAttributes} to
   * change both.
   *
   * @param value the body, a canonical value (spec §1) as the constructor takes it
   */
  public LogRecord withBody(Object value) {
    return value == body ? this : new LogRecord(timeUnixNano, observedTimeUnixNano,
        severityNumber, value, attributes, resource, instrumentationScope, traceId, spanId,
        traceFlags);
  }

  /**
   * This record with another resource, every other field kept; this record itself when
   * {@code value} is its resource (the same instance).
   *
   * @param value the resource; {@code null} for an empty one, as in the constructor
   */
  public LogRecord withResource(Resource value) {
    return value == resource ? this : new LogRecord(timeUnixNano, observedTimeUnixNano,
        severityNumber, body, attributes, value, instrumentationScope, traceId, spanId, traceFlags);
  }

  /** A builder with the current time, INFO severity, an empty body and the root scope. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset with this record's fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.timeUnixNano = timeUnixNano;
    b.observedTimeUnixNano = observedTimeUnixNano;
    b.severityNumber = severityNumber;
    b.body = body;
    b.attributes = attributes;
    b.resource = resource;
    b.scope = instrumentationScope;
    b.traceId = traceId;
    b.spanId = spanId;
    b.traceFlags = traceFlags;
    return b;
  }

  /** Builds a {@link LogRecord}; converts the body; {@link #build()} validates. */
  public static final class Builder {
    private long timeUnixNano = Clock.nowUnixNano();
    private Long observedTimeUnixNano;
    private int severityNumber = Severity.INFO;
    private Object body = "";
    private Attrs attributes = Attrs.empty();
    private Resource resource = Resource.empty();
    private InstrumentationScope scope = InstrumentationScope.ROOT;
    private String traceId;
    private String spanId;
    private int traceFlags;

    private Builder() {}

    public Builder timeUnixNano(long value) {
      this.timeUnixNano = value;
      return this;
    }

    public Builder observedTimeUnixNano(Long value) {
      this.observedTimeUnixNano = value;
      return this;
    }

    public Builder severityNumber(int value) {
      this.severityNumber = value;
      return this;
    }

    /** Sets the body, converting it to a canonical value. */
    public Builder body(Object value) {
      this.body = Values.canonical(value);
      return this;
    }

    public Builder attributes(java.util.Map<String, ?> value) {
      this.attributes = Attrs.from(value);
      return this;
    }

    public Builder resource(Resource value) {
      this.resource = value;
      return this;
    }

    public Builder instrumentationScope(InstrumentationScope value) {
      this.scope = value;
      return this;
    }

    /** Sets the trace id (32 lowercase hex characters, not all zeros) or clears it with null. */
    public Builder traceId(String value) {
      this.traceId = value;
      return this;
    }

    /** Sets the span id (16 lowercase hex characters, not all zeros) or clears it with null. */
    public Builder spanId(String value) {
      this.spanId = value;
      return this;
    }

    public Builder traceFlags(int value) {
      this.traceFlags = value;
      return this;
    }

    public LogRecord build() {
      return new LogRecord(timeUnixNano, observedTimeUnixNano, severityNumber, body, attributes,
          resource, scope, traceId, spanId, traceFlags);
    }
  }
}
