package dev.dagstack.logger.record;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable map of attributes whose values are already in the canonical value model
 * (see {@link Values}): {@code String}, {@code Long}, {@code Double}, {@code Boolean},
 * {@code null}, an unmodifiable {@code List} of values, or a nested {@code Attrs}.
 *
 * <p>Written at call sites as {@code Attrs.of("order.id", 1234, "user.id", 42)}. Values are
 * converted on the way in, so {@code 42} is stored as {@code 42L}. A later duplicate key replaces
 * an earlier one. Nothing here throws for a bad value or a {@code null} key: the value is
 * converted as well as it can be and the problem is reported on the diagnostic channel.
 *
 * <p>Iteration follows insertion order; the wire encoder sorts keys itself.
 */
public final class Attrs extends AbstractMap<String, Object> {

  private static final Attrs EMPTY = new Attrs(new Object[0]);

  /**
   * Keys and values interleaved: the key of entry i at {@code 2i}, its value at {@code 2i + 1}.
   * One exactly sized array instead of two arrays and a size saves 32 bytes per emit.
   */
  private final Object[] entries;

  /** Takes ownership of {@code entries}, whose length is twice the number of attributes. */
  private Attrs(Object[] entries) {
    this.entries = entries;
  }

  /** The empty attribute map. */
  public static Attrs empty() {
    return EMPTY;
  }

  // The fixed-arity factories stay small enough for the JIT to inline into the call site, so
  // that boxes made there (an int's Integer) can be eliminated; keys are checked afterwards.

  /** One attribute. */
  public static Attrs of(String k1, Object v1) {
    return ofCanonicalPairs(new Object[] {k1, Values.canonical(v1)});
  }

  /** Two attributes. */
  public static Attrs of(String k1, Object v1, String k2, Object v2) {
    return ofCanonicalPairs(new Object[] {k1, Values.canonical(v1), k2, Values.canonical(v2)});
  }

  /** Three attributes. */
  public static Attrs of(String k1, Object v1, String k2, Object v2, String k3, Object v3) {
    return ofCanonicalPairs(new Object[] {k1, Values.canonical(v1), k2, Values.canonical(v2),
        k3, Values.canonical(v3)});
  }

  /** Four attributes. */
  public static Attrs of(
      String k1, Object v1, String k2, Object v2, String k3, Object v3, String k4, Object v4) {
    return ofCanonicalPairs(new Object[] {k1, Values.canonical(v1), k2, Values.canonical(v2),
        k3, Values.canonical(v3), k4, Values.canonical(v4)});
  }

  /** Five attributes. */
  public static Attrs of(
      String k1, Object v1, String k2, Object v2, String k3, Object v3, String k4, Object v4,
      String k5, Object v5) {
    return ofCanonicalPairs(new Object[] {k1, Values.canonical(v1), k2, Values.canonical(v2),
        k3, Values.canonical(v3), k4, Values.canonical(v4), k5, Values.canonical(v5)});
  }

  /**
   * An {@code Attrs} over {@code entries}: interleaved keys and values already converted by
   * {@link Values#canonical} (for a builder that converts as it collects, such as the fluent
   * API), so nothing is converted again; the array is owned by the result. Non-null, distinct
   * keys are the usual case; otherwise the Builder's rules apply (a later duplicate wins, a null
   * key is reported and skipped).
   */
  public static Attrs ofCanonicalPairs(Object[] entries) {
    for (int i = 0; i < entries.length / 2; i++) {
      Object key = entries[2 * i];
      if (key == null) {
        return viaBuilder(entries);
      }
      // Keys are mostly literals, whose hash is cached: a hash mismatch rules a duplicate out
      // without comparing the text.
      int hash = key.hashCode();
      for (int j = 0; j < i; j++) {
        Object other = entries[2 * j];
        if (other.hashCode() == hash && key.equals(other)) {
          return viaBuilder(entries);
        }
      }
    }
    return new Attrs(entries);
  }

  private static Attrs viaBuilder(Object[] entries) {
    Builder builder = new Builder(entries.length / 2);
    for (int i = 0; i < entries.length; i += 2) {
      // The values are canonical already, so put converts nothing again.
      builder.put((String) entries[i], entries[i + 1]);
    }
    return builder.build();
  }

  /**
   * Any number of attributes as alternating keys and values. A non-string key is converted with
   * {@code String.valueOf}; a trailing key without a value gets {@code null} (and a diagnostic).
   */
  public static Attrs of(Object... keysAndValues) {
    if (keysAndValues == null || keysAndValues.length == 0) {
      return EMPTY;
    }
    Builder builder = new Builder((keysAndValues.length + 1) / 2);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      Object key = keysAndValues[i];
      Object value = i + 1 < keysAndValues.length ? keysAndValues[i + 1] : null;
      if (i + 1 >= keysAndValues.length) {
        Values.reportProblem("attrs-odd-arguments",
            "Attrs.of got an odd number of arguments; key '" + key + "' has no value");
      }
      builder.put(key instanceof String ? (String) key : String.valueOf(key), value);
    }
    return builder.build();
  }

  /**
   * Converts an ordinary map. Returns {@code map} itself when it already is an {@code Attrs}, and
   * {@link #empty()} for {@code null}.
   */
  public static Attrs from(Map<String, ?> map) {
    if (map == null || map.isEmpty()) {
      return EMPTY;
    }
    if (map instanceof Attrs) {
      return (Attrs) map;
    }
    return new Builder(map.size()).putAll(map).build();
  }

  /** A builder for attribute maps of unknown size. */
  public static Builder builder() {
    return new Builder(8);
  }

  /**
   * A builder sized for {@code expectedSize} attributes: when that many distinct keys are put,
   * {@link Builder#build()} hands its array over without copying.
   */
  public static Builder builder(int expectedSize) {
    return new Builder(expectedSize);
  }

  /**
   * This map with {@code other} laid over it: keys of {@code other} win. Returns {@code this} or
   * {@code other} unchanged when the other side is empty.
   */
  public Attrs withAll(Attrs other) {
    if (other == null || other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    Builder builder = new Builder(size() + other.size());
    builder.putAll(this);
    builder.putAll(other);
    return builder.build();
  }

  /** This map with one more attribute ({@code key} replaced if present). */
  public Attrs with(String key, Object value) {
    Builder builder = new Builder(size() + 1);
    builder.putAll(this);
    builder.put(key, value);
    return builder.build();
  }

  /** The key at {@code index} (insertion order), for allocation-free iteration. */
  public String keyAt(int index) {
    return (String) entries[2 * checkIndex(index)];
  }

  /** The canonical value at {@code index} (insertion order). */
  public Object valueAt(int index) {
    return entries[2 * checkIndex(index) + 1];
  }

  private int checkIndex(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(index);
    }
    return index;
  }

  @Override
  public int size() {
    return entries.length >> 1;
  }

  @Override
  public boolean isEmpty() {
    return entries.length == 0;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public Object get(Object key) {
    int index = indexOf(key);
    return index < 0 ? null : entries[2 * index + 1];
  }

  private int indexOf(Object key) {
    if (key == null) {
      return -1;
    }
    for (int i = 0, n = size(); i < n; i++) {
      if (entries[2 * i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    for (int i = 0, n = size(); i < n; i++) {
      action.accept((String) entries[2 * i], entries[2 * i + 1]);
    }
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size();
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= size()) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>((String) entries[2 * i], entries[2 * i + 1]);
          }
        };
      }

      @Override
      public int size() {
        return Attrs.this.size();
      }
    };
  }

  /**
   * Builds an {@link Attrs}; values are converted to the canonical model as they are put. Not
   * thread-safe; a builder is spent by {@link #build()}.
   */
  public static final class Builder {
    /** Above this many keys, duplicates are found through a hash index instead of a scan. */
    private static final int LINEAR_SCAN_LIMIT = 16;

    /** Interleaved keys and values, as in {@link Attrs}. */
    private Object[] entries;
    private int size;
    private HashMap<String, Integer> index;

    Builder(int expected) {
      entries = new Object[2 * Math.max(expected, 1)];
    }

    /** Puts one attribute, converting {@code value}; a {@code null} key is reported and skipped. */
    public Builder put(String key, Object value) {
      if (key == null) {
        Values.reportProblem("attrs-null-key", "attribute with a null key dropped");
        return this;
      }
      return putCanonical(key, Values.canonical(value));
    }

    /** Puts every entry of {@code map}, converting values. */
    public Builder putAll(Map<String, ?> map) {
      if (map instanceof Attrs) {
        return putAll((Attrs) map);
      }
      if (map != null) {
        // Raw: a map whose keys are not all strings (unchecked or raw types in the caller) gets
        // them as text, as a nested map does, rather than failing on a cast.
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) map).entrySet()) {
          Object key = entry.getKey();
          put(key == null || key instanceof String ? (String) key : String.valueOf(key),
              entry.getValue());
        }
      }
      return this;
    }

    /**
     * Puts every attribute of {@code attrs} (values already canonical, so not converted again);
     * a later put of the same key wins.
     */
    public Builder putAll(Attrs attrs) {
      for (int i = 0, n = attrs.size(); i < n; i++) {
        putCanonical((String) attrs.entries[2 * i], attrs.entries[2 * i + 1]);
      }
      return this;
    }

    private Builder putCanonical(String key, Object canonicalValue) {
      int existing = find(key);
      if (existing >= 0) {
        entries[2 * existing + 1] = canonicalValue;
        return this;
      }
      if (2 * size == entries.length) {
        entries = Arrays.copyOf(entries, entries.length * 2);
      }
      entries[2 * size] = key;
      entries[2 * size + 1] = canonicalValue;
      if (index != null) {
        index.put(key, size);
      } else if (size == LINEAR_SCAN_LIMIT) {
        index = new HashMap<>(size * 4);
        for (int i = 0; i <= size; i++) {
          index.put((String) entries[2 * i], i);
        }
      }
      size++;
      return this;
    }

    private int find(String key) {
      if (index != null) {
        Integer position = index.get(key);
        return position == null ? -1 : position;
      }
      // Hash codes first: keys are mostly constants whose hash the String keeps, and comparing
      // two different keys of the same length read both their contents (most of a six-attribute
      // build's time). The writer hashes every key anyway.
      int hash = key.hashCode();
      for (int i = 0; i < size; i++) {
        String known = (String) entries[2 * i];
        if (known == key || (known.hashCode() == hash && known.equals(key))) {
          return i;
        }
      }
      return -1;
    }

    /** The attribute map; the builder must not be used afterwards. */
    public Attrs build() {
      if (size == 0) {
        return EMPTY;
      }
      Attrs built = new Attrs(2 * size == entries.length ? entries
          : Arrays.copyOf(entries, 2 * size));
      entries = null;
      index = null;
      return built;
    }
  }
}
