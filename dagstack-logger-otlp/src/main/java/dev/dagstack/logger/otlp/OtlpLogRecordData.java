package dev.dagstack.logger.otlp;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Values;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.Body;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * One dagstack record seen as the SDK's {@link LogRecordData}, which the SDK's OTLP exporters
 * marshal (spec §12, the OTLP protobuf wire). Every field maps one to one: severity number and
 * text, body and attributes as {@code AnyValue} (strings, int64, doubles, booleans, lists as
 * {@code arrayValue}, maps as {@code kvlistValue}, null as an empty {@code AnyValue}), trace and
 * span ids as bytes with the trace flags, both timestamps, the instrumentation scope (name,
 * version, attributes) and the resource.
 *
 * <p>The exporter's marshaller reads each field twice (once to size the message, once to write
 * it), so the converted attributes (made by the exporter, {@link OtlpAttributes}), body and span
 * context are made once, here: the marshaller reads every one of them, so nothing is saved by
 * waiting, and a record without a span shares the SDK's invalid span context. Made on the sink's
 * worker, read there and then on the SDK's sender thread after the hand-off; every field is
 * final.
 */
final class OtlpLogRecordData implements LogRecordData {

  private static final Severity[] SEVERITIES = new Severity[25];

  static {
    for (Severity severity : Severity.values()) {
      SEVERITIES[severity.getSeverityNumber()] = severity;
    }
  }

  private final LogRecord record;
  private final Resource resource;
  private final InstrumentationScopeInfo scope;
  private final long observedTime;
  private final Attributes attributes;
  /** The body as an {@code AnyValue}; {@code null} when the record has none. */
  private final Value<?> bodyValue;
  private final SpanContext spanContext;

  OtlpLogRecordData(LogRecord record, Resource resource, InstrumentationScopeInfo scope,
      Attributes attributes, long observedTimeIfAbsent) {
    this.record = record;
    this.attributes = attributes;
    this.resource = resource;
    this.scope = scope;
    Long observed = record.observedTimeUnixNano();
    this.observedTime = observed != null ? observed : observedTimeIfAbsent;
    this.bodyValue = record.body() == null ? null : value(record.body());
    this.spanContext = record.traceId() == null || record.spanId() == null
        ? SpanContext.getInvalid()
        : SpanContext.create(record.traceId(), record.spanId(),
            TraceFlags.fromByte((byte) record.traceFlags()), TraceState.getDefault());
  }

  @Override
  public Resource getResource() {
    return resource;
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return scope;
  }

  @Override
  public long getTimestampEpochNanos() {
    return record.timeUnixNano();
  }

  @Override
  public long getObservedTimestampEpochNanos() {
    return observedTime;
  }

  @Override
  public SpanContext getSpanContext() {
    return spanContext;
  }

  @Override
  public Severity getSeverity() {
    return SEVERITIES[record.severityNumber()];
  }

  @Override
  public String getSeverityText() {
    return record.severityText();
  }

  @Override
  @SuppressWarnings("deprecation") // the SDK still declares it; exporters read getBodyValue()
  public Body getBody() {
    return record.body() == null ? Body.empty() : Body.string(record.bodyText());
  }

  @Override
  public Value<?> getBodyValue() {
    return bodyValue;
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public int getTotalAttributeCount() {
    return record.attributes().size();
  }

  /**
   * How deep maps and lists nest in an exported value before the rest is cut
   * ({@link Values#DEPTH_EXCEEDED}, reported): a map level is three protobuf messages
   * ({@code AnyValue}, {@code KeyValueList}, {@code KeyValue}), a list level two, under the six of
   * the request down to an attribute's value, so a request stays within the 100 levels protobuf
   * parsers read by default (protobuf-java's, upb's in the Collector and Python). Deeper, the
   * receiver refuses the whole request, and every record of the batch with it.
   */
  static final int MAX_DEPTH = 30;

  /** A canonical dagstack value as an {@code AnyValue}; {@code null} is the empty value. */
  static Value<?> value(Object value) {
    return value(value, 0);
  }

  private static Value<?> value(Object value, int depth) {
    if (value == null) {
      return Value.empty();
    }
    if (value instanceof String) {
      return Value.of((String) value);
    }
    if (value instanceof Long) {
      return Value.of((long) (Long) value);
    }
    if (value instanceof Double) {
      return Value.of((double) (Double) value);
    }
    if (value instanceof Boolean) {
      return Value.of((boolean) (Boolean) value);
    }
    if (depth >= MAX_DEPTH && (value instanceof Attrs || value instanceof List)) {
      return Value.of(Values.cutAtDepth(MAX_DEPTH));
    }
    if (value instanceof Attrs) {
      Attrs map = (Attrs) value;
      KeyValue[] entries = new KeyValue[map.size()];
      for (int i = 0; i < entries.length; i++) {
        entries[i] = KeyValue.of(map.keyAt(i), value(map.valueAt(i), depth + 1));
      }
      return Value.of(entries);
    }
    if (value instanceof List) {
      List<?> list = (List<?>) value;
      List<Value<?>> values = new ArrayList<>(list.size());
      for (Object element : list) {
        values.add(value(element, depth + 1));
      }
      return Value.of(values);
    }
    // Records hold canonical values only; anything else is written as its text.
    return Value.of(String.valueOf(value));
  }
}
