package dev.dagstack.logger.otlp;

import dev.dagstack.logger.record.Attrs;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.Value;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A record's attributes as the SDK's {@link Attributes}, for the exporter's marshaller: the keys
 * and converted values side by side, in the record's order. {@link Attrs} keys are already
 * unique, so nothing is sorted or merged as {@code Attributes.builder()} would; the keys come
 * from a {@link Keys} cache, as a process logs with few distinct keys.
 */
final class OtlpAttributes implements Attributes {

  private final AttributeKey<?>[] keys;
  private final Object[] values;

  private OtlpAttributes(AttributeKey<?>[] keys, Object[] values) {
    this.keys = keys;
    this.values = values;
  }

  /** {@code attrs} as attributes; structured values and null as {@code Value}. */
  static Attributes of(Attrs attrs, Keys cache) {
    int n = attrs.size();
    if (n == 0) {
      return Attributes.empty();
    }
    AttributeKey<?>[] keys = new AttributeKey<?>[n];
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      String key = attrs.keyAt(i);
      Object value = attrs.valueAt(i);
      Type type;
      if (value instanceof String) {
        type = Type.STRING;
      } else if (value instanceof Long) {
        type = Type.LONG;
      } else if (value instanceof Double) {
        type = Type.DOUBLE;
      } else if (value instanceof Boolean) {
        type = Type.BOOLEAN;
      } else {
        type = Type.VALUE;
        value = OtlpLogRecordData.value(value);
      }
      keys[i] = cache.key(key, type);
      values[i] = value;
    }
    return new OtlpAttributes(keys, values);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(AttributeKey<T> key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return (T) values[i];
      }
    }
    return null;
  }

  @Override
  public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> consumer) {
    for (int i = 0; i < keys.length; i++) {
      consumer.accept(keys[i], values[i]);
    }
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public boolean isEmpty() {
    return keys.length == 0;
  }

  @Override
  public Map<AttributeKey<?>, Object> asMap() {
    Map<AttributeKey<?>, Object> map = new LinkedHashMap<>();
    forEach(map::put);
    return map;
  }

  @Override
  public AttributesBuilder toBuilder() {
    return Attributes.builder().putAll(this);
  }

  @Override
  public String toString() {
    return asMap().toString();
  }

  private enum Type { STRING, LONG, DOUBLE, BOOLEAN, VALUE }

  /** How many types there are (Type.values() copies its array on each call). */
  private static final int TYPES = Type.values().length;

  /** Attribute keys by name and type, made once; used by one thread (the sink's worker). */
  static final class Keys {
    /** Beyond this many distinct keys the cache starts over. */
    private static final int MAX_KEYS = 4096;

    private final Map<String, AttributeKey<?>[]> byName = new HashMap<>();

    AttributeKey<?> key(String name, Type type) {
      AttributeKey<?>[] typed = byName.get(name);
      if (typed == null) {
        if (byName.size() >= MAX_KEYS) {
          byName.clear();
        }
        typed = new AttributeKey<?>[TYPES];
        byName.put(name, typed);
      }
      AttributeKey<?> key = typed[type.ordinal()];
      if (key == null) {
        key = switch (type) {
          case STRING -> AttributeKey.stringKey(name);
          case LONG -> AttributeKey.longKey(name);
          case DOUBLE -> AttributeKey.doubleKey(name);
          case BOOLEAN -> AttributeKey.booleanKey(name);
          case VALUE -> AttributeKey.valueKey(name);
        };
        typed[type.ordinal()] = key;
      }
      return key;
    }
  }
}
