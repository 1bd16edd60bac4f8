package dev.dagstack.logger.redaction;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Resource;
import dev.dagstack.logger.record.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * Masks the values of secret attribute keys (spec §10) on the emit path: a key ending,
 * case-insensitively, in one of the suffixes gets the value {@code "***"}, whatever that value
 * is. Recurses into nested maps and into maps inside lists. Returns the very same map when
 * nothing matches, so the common case allocates nothing. Immutable and thread-safe.
 *
 * <p>Extension SPI, for sink, exporter and tool authors who handle records that did not pass
 * through a logger (read from a file, received over the wire) and must mask them with the very
 * rules the emit path applies, as the viewer does for the files it follows. Build one with
 * {@link #of(RedactionConfig)}; a redactor never throws for a well-formed {@link LogRecord} or
 * {@link Attrs}, and masks only attribute values (never the body, spec §10). The logger itself
 * applies it last on every emit; records a {@code Sink} receives are already masked.
 */
public final class Redactor {

  /** The replacement value of a secret. */
  public static final String MASK = "***";

  /** Masks nothing. */
  public static final Redactor NONE = new Redactor(List.of());

  /** Slots of {@link #verdicts}; a power of two. */
  private static final int VERDICT_SLOTS = 512;
  /** Longer keys are checked every time rather than kept in {@link #verdicts}. */
  private static final int LONGEST_REMEMBERED_KEY = 64;

  private final String[] suffixes;
  private final int shortestSuffix;
  /**
   * The verdicts on keys seen before, by key hash: most keys are the same few literals on every
   * emit, and matching each against every suffix was the largest cost of an emit. A slot is
   * filled once and then kept, so keys of high cardinality neither allocate per emit nor evict
   * the hot ones; a key whose slot is taken is checked in full. Racy by design: a
   * {@link Verdict} is immutable (final fields), so a thread sees a complete one or none.
   */
  private final Verdict[] verdicts = new Verdict[VERDICT_SLOTS];

  private Redactor(List<String> suffixes) {
    this.suffixes = suffixes.toArray(new String[0]);
    int shortest = Integer.MAX_VALUE;
    for (String suffix : this.suffixes) {
      shortest = Math.min(shortest, suffix.length());
    }
    this.shortestSuffix = shortest;
  }

  /** The redactor of {@code config}'s effective suffixes. */
  public static Redactor of(RedactionConfig config) {
    List<String> effective = config.effectiveSuffixes();
    return effective.isEmpty() ? NONE : new Redactor(effective);
  }

  /** The suffixes that mask, in order. */
  public List<String> suffixes() {
    return List.of(suffixes);
  }

  /** Whether {@code key} names a secret. */
  public boolean isSecret(String key) {
    int slot = key.hashCode() & (VERDICT_SLOTS - 1);
    Verdict known = verdicts[slot];
    if (known != null && (known.key == key || known.key.equals(key))) {
      return known.secret;
    }
    boolean secret = matchesSuffix(key);
    if (known == null && key.length() <= LONGEST_REMEMBERED_KEY) {
      verdicts[slot] = new Verdict(key, secret);
    }
    return secret;
  }

  private boolean matchesSuffix(String key) {
    int length = key.length();
    if (length < shortestSuffix) {
      return false;
    }
    for (String suffix : suffixes) {
      if (endsWithIgnoreCase(key, length, suffix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code key.regionMatches(true, ...)} against the end of {@code key}, with the ASCII pairs
   * compared inline: on the emit path nearly every key differs at the suffix's first character,
   * and {@code regionMatches} would case-map both characters of each pair to find that out.
   */
  private static boolean endsWithIgnoreCase(String key, int length, String suffix) {
    int suffixLength = suffix.length();
    int from = length - suffixLength;
    if (from < 0) {
      return false;
    }
    for (int i = 0; i < suffixLength; i++) {
      char k = key.charAt(from + i);
      char x = suffix.charAt(i);
      if (k == x) {
        continue;
      }
      if (k < 0x80 && x < 0x80) {
        if (asciiLower(k) != asciiLower(x)) {
          return false;
        }
      } else if (!key.regionMatches(true, from + i, suffix, i, 1)) {
        return false;
      }
    }
    return true;
  }

  private static char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /** Whether one key is secret. */
  private static final class Verdict {
    final String key;
    final boolean secret;

    Verdict(String key, boolean secret) {
      this.key = key;
      this.secret = secret;
    }
  }

  /**
   * {@code record} with the secrets of its attributes and its resource's attributes masked; the
   * same instance when nothing is secret.
   */
  public LogRecord redact(LogRecord record) {
    return record.withAttributes(redact(record.attributes())).withResource(redact(record.resource()));
  }

  /** {@code resource} with the secrets of its attributes masked; the same instance when none. */
  public Resource redact(Resource resource) {
    Attrs masked = redact(resource.attributes());
    return masked == resource.attributes() ? resource : Resource.of(masked);
  }

  /** {@code attributes} with secrets masked; the same instance when nothing is secret. */
  public Attrs redact(Attrs attributes) {
    if (suffixes.length == 0 || attributes.isEmpty()) {
      return attributes;
    }
    return redactMap(attributes, 0);
  }

  private Attrs redactMap(Attrs map, int depth) {
    int size = map.size();
    // Scan until the first change; only then copy.
    for (int i = 0; i < size; i++) {
      Object value = map.valueAt(i);
      Object redacted = redactEntry(map.keyAt(i), value, depth);
      if (redacted != value) {
        Attrs.Builder builder = Attrs.builder();
        for (int j = 0; j < i; j++) {
          builder.put(map.keyAt(j), map.valueAt(j));
        }
        builder.put(map.keyAt(i), redacted);
        for (int j = i + 1; j < size; j++) {
          builder.put(map.keyAt(j), redactEntry(map.keyAt(j), map.valueAt(j), depth));
        }
        return builder.build();
      }
    }
    return map;
  }

  private Object redactEntry(String key, Object value, int depth) {
    if (isSecret(key)) {
      return MASK.equals(value) ? value : MASK;
    }
    // Scalars (the usual value) have nothing inside to mask.
    if (Values.isScalar(value)) {
      return value;
    }
    return redactValue(value, depth + 1);
  }

  private Object redactValue(Object value, int depth) {
    if (depth > Values.MAX_DEPTH) {
      // Deeper than any converted value nests: cut it off rather than let a secret through.
      return value instanceof Attrs || value instanceof List
          ? Values.cutAtDepth(Values.MAX_DEPTH) : value;
    }
    if (value instanceof Attrs) {
      return redactMap((Attrs) value, depth);
    }
    if (value instanceof List) {
      List<?> list = (List<?>) value;
      int size = list.size();
      for (int i = 0; i < size; i++) {
        Object element = list.get(i);
        Object redacted = redactValue(element, depth + 1);
        if (redacted != element) {
          List<Object> copy = new ArrayList<>(size);
          for (int j = 0; j < i; j++) {
            copy.add(list.get(j));
          }
          copy.add(redacted);
          for (int j = i + 1; j < size; j++) {
            copy.add(redactValue(list.get(j), depth + 1));
          }
          return Values.canonical(copy);
        }
      }
    }
    return value;
  }
}
