package dev.dagstack.logger.record;

import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.temporal.TemporalAccessor;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Currency;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.RandomAccess;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

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
 *   <li>well-known value types → their natural string: {@code Path} and {@code File} (the path,
 *       although a {@code Path} is an {@code Iterable}), {@code URI}, {@code URL}, an
 *       {@code InetAddress} (its address literal, no name lookup), {@code Charset} (its name),
 *       {@code Locale} (its language tag), {@code Currency} (its code), {@code TimeZone} and
 *       {@code ZoneId} (the id), {@code Class} (its name);
 *   <li>{@code Optional} and its primitive variants → the value or {@code null};
 *   <li>arrays, {@code Iterable}s → {@code List}; {@code byte[]} → a base64 string; {@code char[]}
 *       → a string; primitive arrays → lists of their values;
 *   <li>{@code Map} → {@code Attrs}, keys through {@code String.valueOf};
 *   <li>a {@code Throwable} → its {@code toString()} (type and message; use
 *       {@code Logger.exception} for the stack trace);
 *   <li>anything else → the installed {@link ValueConverter}, else {@code String.valueOf}.
 * </ul>
 *
 * <p>Conversion never throws and always ends: a container that contains itself (by identity, at
 * any depth) is cut at the repetition with {@link #CYCLE}; nesting deeper than
 * {@value #MAX_DEPTH} levels (the limit the JSON encoder and parser share, so every line a sink
 * writes parses) is cut with {@link #DEPTH_EXCEEDED}; a value with more than
 * {@value #MAX_ELEMENTS} elements in all keeps its first ones, and a list cut there ends with
 * {@link #ELEMENTS_CUT}; an
 * accessor that throws gives {@code "<unrepresentable TYPE>"} for that value only. Each such cut
 * is reported on the diagnostic channel.
 *
 * <p>User API: {@link #setConverter} installs the {@link ValueConverter} for an application's own
 * types. Extension SPI, for processor and sink authors: a {@code LogRecordProcessor} that adds or
 * rewrites values passes them through {@link #canonical(Object)} (the value model of spec §1:
 * string, int64, finite or special double, boolean, null, list, map), and code that walks values
 * may rely on {@link #isScalar}, {@link #isCanonical}, {@link #MAX_DEPTH} and the markers above.
 */
public final class Values {

  private static final int MAX_PENDING_PROBLEMS = 16;
  private static final List<String[]> PENDING_PROBLEMS = new ArrayList<>();
  private static volatile BiConsumer<String, String> problemChannel;

  /**
   * How deep lists and maps may nest before the rest is cut off: the one limit of the converter,
   * the redactor, the JSON encoder and the JSON parser.
   */
  public static final int MAX_DEPTH = 512;

  /** What replaces a list or map nested deeper than {@link #MAX_DEPTH}. */
  public static final String DEPTH_EXCEEDED = "<max depth exceeded>";

  /** What replaces a container met again inside itself (a cycle, found by identity). */
  public static final String CYCLE = "<cycle>";

  /**
   * Most elements (or entries) kept of one value, over all its collections, maps and arrays:
   * bounds foreign iterables that never end or that multiply.
   */
  public static final int MAX_ELEMENTS = 100_000;

  /** The last element of a collection cut at {@link #MAX_ELEMENTS}. */
  public static final String ELEMENTS_CUT = "<more elements cut>";

  /**
   * The containers on the path down to this depth are kept in a small array (searched by
   * identity); deeper ones in an {@link IdentityHashMap}, so shallow values pay no map.
   */
  private static final int CYCLE_CHECK_DEPTH = 8;

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

  /**
   * Whether {@code value} is a canonical scalar: {@code null}, a {@code String}, {@code Long},
   * {@code Double} or {@code Boolean}, which hold nothing inside. Nearly every value is one, so
   * callers test this first: the scalars' classes are final and told apart by class, whereas a
   * failed interface test ({@code instanceof List} on a {@code Long}) scans the class's secondary
   * supertypes on the JDKs before 21.
   */
  public static boolean isScalar(Object value) {
    return value == null || value instanceof String || value instanceof Long
        || value instanceof Double || value instanceof Boolean;
  }

  /** Whether {@code value} already is a canonical value (shallow check). */
  public static boolean isCanonical(Object value) {
    return isScalar(value) || value instanceof Attrs || value instanceof CanonicalList;
  }

  /**
   * {@code elements} as a canonical list, kept whole when every element already is canonical
   * (as the JSON parser's are): no element budget applies and nothing is reported. Otherwise
   * the same as {@link #canonical(Object)}. Never throws.
   */
  @SuppressWarnings("unchecked")
  public static List<Object> canonicalList(List<?> elements) {
    if (elements instanceof CanonicalList) {
      return (List<Object>) elements;
    }
    Object[] array = elements.toArray();
    for (Object element : array) {
      if (!isCanonical(element)) {
        return (List<Object>) canonical(elements);
      }
    }
    return new CanonicalList(array);
  }

  /**
   * {@link #DEPTH_EXCEEDED}, for a list or map nested deeper than {@code maxDepth} levels where a
   * converter or an encoder stops; reports the cut on the diagnostic channel (rate-limited per
   * limit, with the count of reports held back). Never throws.
   *
   * <p>Extension SPI: for code that walks values with a depth limit of its own (an encoder of a
   * wire format whose levels are deeper than canonical JSON's).
   */
  public static String cutAtDepth(int maxDepth) {
    reportProblem("value-depth-" + maxDepth,
        "attribute value nested deeper than " + maxDepth + " levels was cut off");
    return DEPTH_EXCEEDED;
  }

  /** Converts {@code value} to the canonical model; never throws. */
  public static Object canonical(Object value) {
    // The common scalar cases first, without recursion bookkeeping.
    if (isCanonical(value)) {
      return value;
    }
    if (value instanceof Integer) {
      return Long.valueOf((Integer) value);
    }
    return convert(value, 0, true, null);
  }

  private static Object convert(Object value, int depth, boolean useConverter,
      Walk walk) {
    try {
      return convertUnchecked(value, depth, useConverter, walk);
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      String type = value.getClass().getName();
      reportProblem("value-conversion",
          "value of type " + type + " could not be converted: " + describe(e));
      return "<unrepresentable " + type + ">";
    }
  }

  /** The error's type, and its message when that can be read. */
  private static String describe(Throwable e) {
    try {
      return String.valueOf(e);
    } catch (RuntimeException | StackOverflowError | LinkageError again) {
      return e.getClass().getName();
    }
  }

  private static Object convertUnchecked(Object value, int depth, boolean useConverter,
      Walk walk) {
    if (isScalar(value)) {
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
    Object wellKnown = wellKnown(value);
    if (wellKnown != null) {
      return wellKnown;
    }
    if (value instanceof Optional) {
      return convert(((Optional<?>) value).orElse(null), depth, useConverter, walk);
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
      return cutAtDepth(MAX_DEPTH);
    }
    if (value instanceof Attrs || value instanceof CanonicalList) {
      return value;
    }
    boolean container = value instanceof Map || value instanceof Iterable
        || value instanceof Object[];
    if (container) {
      Walk w = walk != null ? walk : new Walk();
      // Cut at the first repetition: a list that holds itself is written as ['<cycle>'].
      if (!w.enter(value)) {
        reportProblem("value-cycle", "a value of type " + value.getClass().getName()
            + " contains itself; the repetition was cut");
        return CYCLE;
      }
      try {
        return convertContainer(value, depth, useConverter, w);
      } finally {
        w.exit(value);
      }
    }
    if (value.getClass().isArray()) {
      return convertArray(value, depth, useConverter, walk);
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
        return convert(converted, depth, false, walk);
      }
    }
    return String.valueOf(value);
  }

  /**
   * The natural value of a well-known type that is not a plain scalar, or {@code null} when
   * {@code value} is none of them. Checked before {@code Iterable}: a {@code Path} iterates over
   * paths, itself included, and would otherwise nest until cut.
   */
  private static Object wellKnown(Object value) {
    if (value instanceof Path || value instanceof URI || value instanceof URL) {
      return value.toString();
    }
    if (value instanceof File) {
      return ((File) value).getPath();
    }
    if (value instanceof InetAddress) {
      // The literal only: toString or getHostName could start a reverse DNS lookup.
      return ((InetAddress) value).getHostAddress();
    }
    if (value instanceof Charset) {
      return ((Charset) value).name();
    }
    if (value instanceof Locale) {
      return ((Locale) value).toLanguageTag();
    }
    if (value instanceof Currency) {
      return ((Currency) value).getCurrencyCode();
    }
    if (value instanceof TimeZone) {
      return ((TimeZone) value).getID();
    }
    if (value instanceof ZoneId) {
      return ((ZoneId) value).getId();
    }
    if (value instanceof Class) {
      return ((Class<?>) value).getName();
    }
    return null;
  }

  /** The bookkeeping of one conversion: its containers on the path, its element budget. */
  private static final class Walk {
    /** The containers being converted, outermost first, down to {@link #CYCLE_CHECK_DEPTH}. */
    final Object[] path = new Object[CYCLE_CHECK_DEPTH];
    /** How many containers are on the path. */
    int size;
    /** The containers on the path past {@link #CYCLE_CHECK_DEPTH}; made on need. */
    IdentityHashMap<Object, Boolean> deeper;
    /** Elements left for the whole value, so nested foreign iterables cannot multiply. */
    int budget = MAX_ELEMENTS;

    /** Puts {@code container} on the path; false when it already is there (a cycle). */
    boolean enter(Object container) {
      int shallow = Math.min(size, path.length);
      for (int i = 0; i < shallow; i++) {
        if (path[i] == container) {
          return false;
        }
      }
      if (size < path.length) {
        path[size] = container;
      } else {
        if (deeper == null) {
          deeper = new IdentityHashMap<>();
        }
        if (deeper.put(container, Boolean.TRUE) != null) {
          return false;
        }
      }
      size++;
      return true;
    }

    /** Takes {@code container}, the last one entered, off the path. */
    void exit(Object container) {
      size--;
      if (size < path.length) {
        path[size] = null;
      } else {
        deeper.remove(container);
      }
    }
  }

  /**
   * A map, iterable or object array; at most {@link #MAX_ELEMENTS} elements are kept, over the
   * whole value.
   */
  private static Object convertContainer(Object value, int depth, boolean useConverter,
      Walk walk) {
    if (value instanceof Map) {
      Attrs.Builder builder = Attrs.builder();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        if (walk.budget-- <= 0) {
          reportElementsCut(value);
          break;
        }
        Object key = entry.getKey();
        builder.put(key instanceof String ? (String) key : keyText(key),
            convert(entry.getValue(), depth + 1, useConverter, walk));
      }
      return builder.build();
    }
    Iterator<?> elements = value instanceof Object[]
        ? Arrays.asList((Object[]) value).iterator() : ((Iterable<?>) value).iterator();
    List<Object> list = new ArrayList<>();
    while (elements.hasNext()) {
      if (walk.budget-- <= 0) {
        list.add(ELEMENTS_CUT);
        reportElementsCut(value);
        break;
      }
      list.add(convert(elements.next(), depth + 1, useConverter, walk));
    }
    return new CanonicalList(list.toArray());
  }

  private static void reportElementsCut(Object value) {
    reportProblem("value-elements", "a value of type " + value.getClass().getName()
        + " has more than " + MAX_ELEMENTS + " elements; the rest was cut");
  }

  /** A map key as text; a key whose {@code toString} throws gets a placeholder. */
  private static String keyText(Object key) {
    try {
      return String.valueOf(key);
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      String type = key.getClass().getName();
      reportProblem("value-conversion", "a map key of type " + type + " could not be converted: "
          + describe(e));
      return "<unrepresentable " + type + ">";
    }
  }

  private static Object convertArray(Object array, int depth, boolean useConverter,
      Walk walk) {
    if (array instanceof byte[]) {
      return Base64.getEncoder().encodeToString((byte[]) array);
    }
    if (array instanceof char[]) {
      return new String((char[]) array);
    }
    int length = Math.min(java.lang.reflect.Array.getLength(array), MAX_ELEMENTS);
    if (walk != null) {
      length = Math.min(length, Math.max(walk.budget, 0));
      walk.budget -= length;
    }
    Object[] converted = new Object[length];
    for (int i = 0; i < length; i++) {
      converted[i] = convert(java.lang.reflect.Array.get(array, i), depth + 1, useConverter,
          walk);
    }
    return new CanonicalList(converted);
  }

  /**
   * Reports a conversion problem on the diagnostic channel, at most once every few seconds per
   * {@code kind} (a fixed category such as {@code "value-conversion"}), so a bad value in a hot
   * loop cannot flood standard error. Never throws.
   */
  static void reportProblem(String kind, String message) {
    BiConsumer<String, String> channel = problemChannel;
    if (channel != null) {
      channel.accept(kind, message);
      return;
    }
    synchronized (PENDING_PROBLEMS) {
      channel = problemChannel;
      if (channel == null) {
        // Reported before the channel is loaded: kept (a few) until it plugs itself in.
        if (PENDING_PROBLEMS.size() < MAX_PENDING_PROBLEMS) {
          PENDING_PROBLEMS.add(new String[] {kind, message});
        }
        return;
      }
    }
    channel.accept(kind, message);
  }

  /**
   * Plugs in the diagnostic channel ({@code kind}, {@code message}; rate-limited by kind, never
   * throwing), which lives in a higher layer; called once by the channel when it loads, which
   * then receives the problems reported before.
   *
   * <p>Not part of the supported API: public for the {@code diagnostic} package only; may change
   * without notice.
   */
  public static void reportProblemsTo(BiConsumer<String, String> channel) {
    List<String[]> pending;
    synchronized (PENDING_PROBLEMS) {
      problemChannel = channel;
      pending = new ArrayList<>(PENDING_PROBLEMS);
      PENDING_PROBLEMS.clear();
    }
    for (String[] problem : pending) {
      channel.accept(problem[0], problem[1]);
    }
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
