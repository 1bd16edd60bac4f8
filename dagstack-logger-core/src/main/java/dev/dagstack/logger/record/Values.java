package dev.dagstack.logger.record;

import dev.dagstack.logger.Attrs;
import dev.dagstack.logger.internal.Diagnostics;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.RandomAccess;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The attribute value model and the conversion of ordinary Java values into it.
 *
 * <p>A canonical value is one of: {@code String}, {@code Long} (int64), {@code Double} (may be
 * NaN or infinite; the wire writes those as strings), {@code Boolean}, {@code null}, an
 * unmodifiable {@code List} of canonical values, or an {@link Attrs} (a map of string keys to
 * canonical values).
 *
 * <p>{@link #canonical(Object)} converts:
 *
 * <ul>
 *   <li>{@code byte, short, int, long} and their atomics → {@code Long}; {@code BigInteger} →
 *       {@code Long} when within int64, otherwise its decimal string;
 *   <li>{@code float, double} → {@code Double} (a float is widened); {@code BigDecimal} → its
 *       exact decimal string, so no precision is lost;
 *   <li>{@code CharSequence}, {@code Character}, enums (their name), {@code UUID} and
 *       {@code java.time} values (ISO-8601, via {@code toString}) → {@code String};
 *   <li>{@code Optional} and its primitive variants → the value or {@code null};
 *   <li>arrays, {@code Iterable}s → {@code List}; {@code byte[]} → a base64 string; {@code char[]}
 *       → a string;
 *   <li>{@code Map} → {@code Attrs}, keys through {@code String.valueOf};
 *   <li>a {@code Throwable} → its {@code toString()} (type and message; use
 *       {@code Logger.exception} for the stack trace);
 *   <li>anything else → the installed {@link ValueConverter}, else {@code String.valueOf}.
 * </ul>
 *
 * <p>Conversion never throws. Nesting deeper than {@value #MAX_DEPTH} levels (or a cycle) is cut
 * off with {@link #DEPTH_EXCEEDED}, and problems go to the diagnostic channel.
 */
public final class Values {

  /** How deep lists and maps may nest before the rest is cut off. */
  public static final int MAX_DEPTH = 32;

  /** What replaces a list or map nested deeper than {@link #MAX_DEPTH}. */
  public static final String DEPTH_EXCEEDED = "<max depth exceeded>";

  private static volatile ValueConverter converter;

  private Values() {}

  /**
   * Installs the converter consulted for types the value model does not know, or removes it with
   * {@code null}. The Spring Boot starter installs a Jackson-based one.
   */
  public static void setConverter(ValueConverter valueConverter) {
    converter = valueConverter;
  }

  /** The installed converter, or {@code null}. */
  public static ValueConverter converter() {
    return converter;
  }

  /** Whether {@code value} already is a canonical value (shallow check). */
  public static boolean isCanonical(Object value) {
    return value == null
        || value instanceof String
        || value instanceof Long
        || value instanceof Double
        || value instanceof Boolean
        || value instanceof Attrs
        || value instanceof CanonicalList;
  }

  /** Converts {@code value} to the canonical model; never throws. */
  public static Object canonical(Object value) {
    // The common scalar cases first, without recursion bookkeeping.
    if (value == null || value instanceof String || value instanceof Long
        || value instanceof Boolean || value instanceof Double || value instanceof Attrs
        || value instanceof CanonicalList) {
      return value;
    }
    if (value instanceof Integer) {
      return Long.valueOf((Integer) value);
    }
    return convert(value, 0, true);
  }

  private static Object convert(Object value, int depth, boolean useConverter) {
    try {
      return convertUnchecked(value, depth, useConverter);
    } catch (RuntimeException | StackOverflowError e) {
      String type = value.getClass().getName();
      reportProblem("value-conversion",
          "value of type " + type + " could not be converted: " + e);
      return "<unrepresentable " + type + ">";
    }
  }

  private static Object convertUnchecked(Object value, int depth, boolean useConverter) {
    if (value == null || value instanceof String || value instanceof Long
        || value instanceof Boolean || value instanceof Double) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float) {
      return ((Float) value).doubleValue();
    }
    if (value instanceof AtomicInteger || value instanceof AtomicLong) {
      return ((Number) value).longValue();
    }
    if (value instanceof AtomicBoolean) {
      return ((AtomicBoolean) value).get();
    }
    if (value instanceof BigInteger) {
      BigInteger big = (BigInteger) value;
      return big.bitLength() < 64 ? (Object) big.longValue() : big.toString();
    }
    if (value instanceof BigDecimal) {
      return value.toString();
    }
    if (value instanceof CharSequence || value instanceof Character || value instanceof UUID) {
      return value.toString();
    }
    if (value instanceof Enum) {
      return ((Enum<?>) value).name();
    }
    if (value instanceof TemporalAccessor || value instanceof java.time.Duration
        || value instanceof java.time.Period) {
      return value.toString();
    }
    if (value instanceof Optional) {
      return convert(((Optional<?>) value).orElse(null), depth, useConverter);
    }
    if (value instanceof OptionalInt) {
      OptionalInt o = (OptionalInt) value;
      return o.isPresent() ? (Object) (long) o.getAsInt() : null;
    }
    if (value instanceof OptionalLong) {
      OptionalLong o = (OptionalLong) value;
      return o.isPresent() ? (Object) o.getAsLong() : null;
    }
    if (value instanceof OptionalDouble) {
      OptionalDouble o = (OptionalDouble) value;
      return o.isPresent() ? (Object) o.getAsDouble() : null;
    }
    if (depth >= MAX_DEPTH && (value instanceof Map || value instanceof Iterable
        || value.getClass().isArray())) {
      reportProblem("value-depth",
          "attribute value nested deeper than " + MAX_DEPTH + " levels was cut off");
      return DEPTH_EXCEEDED;
    }
    if (value instanceof Attrs || value instanceof CanonicalList) {
      return value;
    }
    if (value instanceof Map) {
      Attrs.Builder builder = Attrs.builder();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        Object key = entry.getKey();
        builder.put(key instanceof String ? (String) key : String.valueOf(key),
            convert(entry.getValue(), depth + 1, useConverter));
      }
      return builder.build();
    }
    if (value instanceof Iterable) {
      List<Object> list = new ArrayList<>();
      for (Object element : (Iterable<?>) value) {
        list.add(convert(element, depth + 1, useConverter));
      }
      return new CanonicalList(list.toArray());
    }
    if (value.getClass().isArray()) {
      return convertArray(value, depth, useConverter);
    }
    if (value instanceof Throwable) {
      // Its type and message; the whole trace belongs in exception.* (Logger.exception).
      return value.toString();
    }
    ValueConverter installed = converter;
    if (useConverter && installed != null) {
      Object converted;
      try {
        converted = installed.convert(value);
      } catch (RuntimeException | LinkageError e) {
        // As ValueConverter promises: the default conversion, and a report.
        reportProblem("value-converter",
            "value converter failed on " + value.getClass().getName() + ": " + e);
        converted = null;
      }
      if (converted != null) {
        // The converter's output is converted once more, but never handed back to it.
        return convert(converted, depth, false);
      }
    }
    return String.valueOf(value);
  }

  private static Object convertArray(Object array, int depth, boolean useConverter) {
    if (array instanceof byte[]) {
      return Base64.getEncoder().encodeToString((byte[]) array);
    }
    if (array instanceof char[]) {
      return new String((char[]) array);
    }
    if (array instanceof Object[]) {
      return convert(Arrays.asList((Object[]) array), depth, useConverter);
    }
    int length = java.lang.reflect.Array.getLength(array);
    Object[] converted = new Object[length];
    for (int i = 0; i < length; i++) {
      converted[i] = convert(java.lang.reflect.Array.get(array, i), depth + 1, useConverter);
    }
    return new CanonicalList(converted);
  }

  /**
   * Reports a conversion problem on the diagnostic channel, at most once every few seconds per
   * {@code kind} (a fixed category such as {@code "value-conversion"}), so a bad value in a hot
   * loop cannot flood standard error. Never throws.
   */
  public static void reportProblem(String kind, String message) {
    Diagnostics.warnLimited(kind, message, Attrs.empty());
  }

  /**
   * An unmodifiable list whose elements are known to be canonical, so that converting it again
   * is free. Allows {@code null} elements, unlike {@code List.of}.
   */
  private static final class CanonicalList extends AbstractList<Object> implements RandomAccess {
    private final Object[] elements;

    CanonicalList(Object[] elements) {
      this.elements = elements;
    }

    @Override
    public Object get(int index) {
      return elements[index];
    }

    @Override
    public int size() {
      return elements.length;
    }
  }
}
