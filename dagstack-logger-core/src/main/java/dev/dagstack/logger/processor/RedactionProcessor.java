package dev.dagstack.logger.processor;

import dev.dagstack.logger.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code redaction} processor (spec §10.3): extra regex patterns, each with a replacement,
 * on top of the key-suffix redaction every record already gets (§10).
 *
 * <ul>
 *   <li>Keys, always: an attribute whose key contains a match of a pattern gets that pattern's
 *       replacement as its whole value (nested maps and maps in lists included).
 *   <li>Values, when {@link Builder#scanValues(boolean)}: in every string value, each match is
 *       replaced by the replacement.
 *   <li>The body, when {@link Builder#scanBody(boolean)}: likewise in a string body, and in the
 *       keys and strings of a structured one. This is the opt-in scan for messages that
 *       frameworks build from user input (a JSON parser quoting the bad token it read).
 * </ul>
 *
 * <p>Patterns are in the ECMAScript-like subset of {@link EcmaRegex}, checked when the processor
 * is built; replacements are literal text ({@code $} and {@code \} have no special meaning).
 * {@link #mustNotBypass()} is true: if masking throws, the record is dropped, never written
 * unmasked. Immutable and thread-safe.
 *
 * <pre>{@code
 * RedactionProcessor.builder()
 *     .pattern("tok_[A-Za-z0-9_]+", "tok_***")
 *     .scanValues(true)
 *     .scanBody(true)
 *     .build();
 * }</pre>
 */
public final class RedactionProcessor implements LogRecordProcessor {

  /** The default replacement. */
  public static final String DEFAULT_REPLACEMENT = "***";

  private static final int VERDICT_SLOTS = 256;
  private static final int LONGEST_REMEMBERED_KEY = 64;

  private final Pattern[] patterns;
  private final String[] replacements;
  private final String[] quotedReplacements;
  private final boolean scanValues;
  private final boolean scanBody;
  /**
   * One matcher per pattern and thread, reset for each string: a scan of every string value
   * would otherwise allocate a matcher per pattern and value.
   */
  private final ThreadLocal<Matcher[]> matchers;
  /** Racy cache of key verdicts, as in the suffix redactor: immutable entries, filled once. */
  private final KeyVerdict[] verdicts = new KeyVerdict[VERDICT_SLOTS];

  private RedactionProcessor(Builder b) {
    this.patterns = b.patterns.toArray(new Pattern[0]);
    this.replacements = b.replacements.toArray(new String[0]);
    this.quotedReplacements = new String[replacements.length];
    for (int k = 0; k < replacements.length; k++) {
      quotedReplacements[k] = Matcher.quoteReplacement(replacements[k]);
    }
    this.scanValues = b.scanValues;
    this.scanBody = b.scanBody;
    Pattern[] compiled = this.patterns;
    this.matchers = ThreadLocal.withInitial(() -> {
      Matcher[] array = new Matcher[compiled.length];
      for (int k = 0; k < compiled.length; k++) {
        array[k] = compiled[k].matcher("");
      }
      return array;
    });
  }

  /** A builder with no patterns, keys only. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "redaction";
  }

  @Override
  public boolean mustNotBypass() {
    return true;
  }

  /** The patterns, in order. */
  public List<String> patterns() {
    List<String> list = new ArrayList<>();
    for (Pattern pattern : patterns) {
      list.add(pattern.pattern());
    }
    return List.copyOf(list);
  }

  @Override
  public LogRecord onEmit(LogRecord record) {
    if (patterns.length == 0) {
      return record;
    }
    Attrs attributes = record.attributes();
    Attrs redacted = attributes.isEmpty() ? attributes : redactMap(attributes, scanValues, 0);
    Object body = record.body();
    Object redactedBody = scanBody ? redactValue(body, true, 0) : body;
    if (redacted == attributes && redactedBody == body) {
      return record;
    }
    return Records.with(record, redactedBody, redacted);
  }

  /** The index of the first pattern found in {@code key}, or -1. */
  private int keyMatch(String key) {
    int slot = key.hashCode() & (VERDICT_SLOTS - 1);
    KeyVerdict known = verdicts[slot];
    if (known != null && (known.key == key || known.key.equals(key))) {
      return known.pattern;
    }
    int found = -1;
    for (int k = 0; k < patterns.length; k++) {
      if (patterns[k].matcher(key).find()) {
        found = k;
        break;
      }
    }
    if (known == null && key.length() <= LONGEST_REMEMBERED_KEY) {
      verdicts[slot] = new KeyVerdict(key, found);
    }
    return found;
  }

  private Attrs redactMap(Attrs map, boolean strings, int depth) {
    int size = map.size();
    for (int i = 0; i < size; i++) {
      Object value = map.valueAt(i);
      Object redacted = redactEntry(map.keyAt(i), value, strings, depth);
      if (redacted != value) {
        Attrs.Builder builder = Attrs.builder(size);
        for (int j = 0; j < i; j++) {
          builder.put(map.keyAt(j), map.valueAt(j));
        }
        builder.put(map.keyAt(i), redacted);
        for (int j = i + 1; j < size; j++) {
          builder.put(map.keyAt(j), redactEntry(map.keyAt(j), map.valueAt(j), strings, depth));
        }
        return builder.build();
      }
    }
    return map;
  }

  private Object redactEntry(String key, Object value, boolean strings, int depth) {
    int match = keyMatch(key);
    if (match >= 0) {
      return replacements[match].equals(value) ? value : replacements[match];
    }
    return redactValue(value, strings, depth + 1);
  }

  private Object redactValue(Object value, boolean strings, int depth) {
    if (value instanceof String) {
      return strings ? replaceIn((String) value) : value;
    }
    if (depth > Values.MAX_DEPTH) {
      // Deeper than any converted value nests: cut it off rather than let a secret through.
      return value instanceof Attrs || value instanceof List ? Values.DEPTH_EXCEEDED : value;
    }
    if (value instanceof Attrs) {
      return redactMap((Attrs) value, strings, depth);
    }
    if (value instanceof List) {
      List<?> list = (List<?>) value;
      int size = list.size();
      for (int i = 0; i < size; i++) {
        Object element = list.get(i);
        Object redacted = redactValue(element, strings, depth + 1);
        if (redacted != element) {
          List<Object> copy = new ArrayList<>(size);
          for (int j = 0; j < i; j++) {
            copy.add(list.get(j));
          }
          copy.add(redacted);
          for (int j = i + 1; j < size; j++) {
            copy.add(redactValue(list.get(j), strings, depth + 1));
          }
          return Values.canonical(copy);
        }
      }
    }
    return value;
  }

  /** {@code text} with every match replaced; the same instance when nothing matches. */
  private String replaceIn(String text) {
    Matcher[] own = matchers.get();
    String current = text;
    for (int k = 0; k < own.length; k++) {
      Matcher matcher = own[k].reset(current);
      if (matcher.find()) {
        current = matcher.replaceAll(quotedReplacements[k]);
      }
      matcher.reset(""); // holds no logged text between records
    }
    return current;
  }

  @Override
  public String toString() {
    return "RedactionProcessor{patterns=" + patterns() + ", scanValues=" + scanValues
        + ", scanBody=" + scanBody + "}";
  }

  private static final class KeyVerdict {
    final String key;
    final int pattern;

    KeyVerdict(String key, int pattern) {
      this.key = key;
      this.pattern = pattern;
    }
  }

  /** Builds a {@link RedactionProcessor}; each pattern is checked as it is added. */
  public static final class Builder {
    private final List<Pattern> patterns = new ArrayList<>();
    private final List<String> replacements = new ArrayList<>();
    private boolean scanValues;
    private boolean scanBody;

    private Builder() {}

    /** A pattern replaced by {@link #DEFAULT_REPLACEMENT}. */
    public Builder pattern(String regex) {
      return pattern(regex, DEFAULT_REPLACEMENT);
    }

    /**
     * A pattern and its literal replacement.
     *
     * @throws IllegalArgumentException {@code "redaction.patterns[i] '<regex>' is outside the
     *     supported ECMAScript-like regex subset: <construct> at position <n>"}, or naming an
     *     invalid regex or a null replacement
     */
    public Builder pattern(String regex, String replacement) {
      String what = "redaction.patterns[" + patterns.size() + "]";
      if (replacement == null) {
        throw new IllegalArgumentException(what + ".replacement must not be null");
      }
      patterns.add(EcmaRegex.compile(regex, what));
      replacements.add(replacement);
      return this;
    }

    /** Whether string attribute values are scanned too (default {@code false}). */
    public Builder scanValues(boolean enabled) {
      this.scanValues = enabled;
      return this;
    }

    /** Whether the body is scanned too (default {@code false}). */
    public Builder scanBody(boolean enabled) {
      this.scanBody = enabled;
      return this;
    }

    public RedactionProcessor build() {
      return new RedactionProcessor(this);
    }
  }
}
