package dev.dagstack.logger.processor;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
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
 * Patterns that match the empty string and nested quantifiers such as {@code (.*a){25}} are
 * rejected when built. Each match runs on a step budget of {@code 100 × length + 10,000}
 * character reads: a scan that exceeds it (catastrophic backtracking) fails closed, the whole
 * key's value or the whole scanned string becomes the replacement, counted in
 * {@link #budgetExceededCounts()} and reported once per pattern on the diagnostic channel.
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
  /** The match budget: this many character reads per character scanned, plus {@link #BASE_STEPS}. */
  static final long STEPS_PER_CHAR = 100;
  static final long BASE_STEPS = 10_000;
  private static final int LONGEST_REMEMBERED_KEY = 64;

  private final Pattern[] patterns;
  private final String[] replacements;
  private final boolean scanValues;
  private final boolean scanBody;
  /**
   * One matcher per pattern and thread, reset for each string: a scan of every string value
   * would otherwise allocate a matcher per pattern and value.
   */
  private final ThreadLocal<Scan> scans;
  private final LongAdder[] budgetExceeded;
  private final AtomicBoolean[] budgetReported;
  /** Racy cache of key verdicts, as in the suffix redactor: immutable entries, filled once. */
  private final KeyVerdict[] verdicts = new KeyVerdict[VERDICT_SLOTS];

  private RedactionProcessor(Builder b) {
    this.patterns = b.patterns.toArray(new Pattern[0]);
    this.replacements = b.replacements.toArray(new String[0]);
    this.scanValues = b.scanValues;
    this.scanBody = b.scanBody;
    Pattern[] compiled = this.patterns;
    this.scans = ThreadLocal.withInitial(() -> new Scan(compiled));
    this.budgetExceeded = new LongAdder[patterns.length];
    this.budgetReported = new AtomicBoolean[patterns.length];
    for (int k = 0; k < patterns.length; k++) {
      budgetExceeded[k] = new LongAdder();
      budgetReported[k] = new AtomicBoolean();
    }
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

  /**
   * How many scans of each pattern ran out of their step budget and were replaced whole, by
   * pattern, in order.
   */
  public java.util.Map<String, Long> budgetExceededCounts() {
    java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
    for (int k = 0; k < patterns.length; k++) {
      counts.merge(patterns[k].pattern(), budgetExceeded[k].sum(), Long::sum);
    }
    return counts;
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
    return record.withBody(redactedBody).withAttributes(redacted);
  }

  /** The index of the first pattern found in {@code key}, or -1. */
  private int keyMatch(String key) {
    int slot = key.hashCode() & (VERDICT_SLOTS - 1);
    KeyVerdict known = verdicts[slot];
    if (known != null && (known.key == key || known.key.equals(key))) {
      return known.pattern;
    }
    int found = -1;
    Scan scan = scans.get();
    for (int k = 0; k < patterns.length; k++) {
      Matcher matcher = scan.start(k, key);
      try {
        if (matcher.find()) {
          found = k;
          break;
        }
      } catch (BudgetExceeded e) {
        // Fail closed: a key that cannot be checked in time is treated as a match.
        exceeded(k, key.length());
        found = k;
        break;
      } finally {
        scan.end(k);
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
      return value instanceof Attrs || value instanceof List
          ? Values.cutAtDepth(Values.MAX_DEPTH) : value;
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

  /**
   * {@code text} with every match replaced; the same instance when nothing matches; the
   * replacement alone when a pattern runs out of its step budget (never the unscanned text).
   */
  private String replaceIn(String text) {
    Scan scan = scans.get();
    String current = text;
    for (int k = 0; k < patterns.length; k++) {
      Matcher matcher = scan.start(k, current);
      try {
        if (matcher.find()) {
          StringBuilder out = new StringBuilder(current.length());
          int from = 0;
          do {
            out.append(current, from, matcher.start()).append(replacements[k]);
            from = matcher.end();
          } while (matcher.find());
          current = out.append(current, from, current.length()).toString();
        }
      } catch (BudgetExceeded e) {
        exceeded(k, current.length());
        return replacements[k];
      } finally {
        scan.end(k);
      }
    }
    return current;
  }

  private void exceeded(int k, int length) {
    budgetExceeded[k].increment();
    if (budgetReported[k].compareAndSet(false, true)) {
      Diagnostics.warn("redaction pattern '" + patterns[k].pattern() + "' ran out of its match"
          + " budget (catastrophic backtracking); the scanned value is replaced whole by its"
          + " replacement (reported once per pattern)",
          Attrs.of("redaction.pattern", patterns[k].pattern(), "value.length", (long) length));
    }
  }

  /** Thrown by {@link BudgetedText} past its budget; no stack trace, one shared instance. */
  private static final class BudgetExceeded extends RuntimeException {
    static final BudgetExceeded INSTANCE = new BudgetExceeded();

    private BudgetExceeded() {
      super("regex match budget exceeded", null, false, false);
    }
  }

  /**
   * The text a matcher reads, counting its character reads: the regex engine reads every
   * character through {@code charAt}, so the count bounds its backtracking.
   */
  private static final class BudgetedText implements CharSequence {
    private String text = "";
    private long remaining;

    void set(String value) {
      text = value;
      remaining = STEPS_PER_CHAR * value.length() + BASE_STEPS;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      if (--remaining < 0) {
        throw BudgetExceeded.INSTANCE;
      }
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** One thread's matchers, each over its own budgeted text, reset for each string. */
  private static final class Scan {
    final Matcher[] matchers;
    final BudgetedText[] texts;

    Scan(Pattern[] patterns) {
      matchers = new Matcher[patterns.length];
      texts = new BudgetedText[patterns.length];
      for (int k = 0; k < patterns.length; k++) {
        texts[k] = new BudgetedText();
        matchers[k] = patterns[k].matcher(texts[k]);
      }
    }

    Matcher start(int k, String value) {
      texts[k].set(value);
      return matchers[k].reset(texts[k]);
    }

    void end(int k) {
      texts[k].set(""); // holds no logged text between records
      matchers[k].reset(texts[k]);
    }
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
      return pattern(regex, replacement, false);
    }

    /**
     * A pattern and its literal replacement; {@code ignoreCase} makes ASCII letters match either
     * case (ECMAScript's {@code i} flag), e.g. a parameter name written {@code Password} or
     * {@code PASSWORD}.
     *
     * @throws IllegalArgumentException as {@link #pattern(String, String)}
     */
    public Builder pattern(String regex, String replacement, boolean ignoreCase) {
      String what = "redaction.patterns[" + patterns.size() + "]";
      if (replacement == null) {
        throw new IllegalArgumentException(what + ".replacement must not be null");
      }
      patterns.add(EcmaRegex.compile(regex, what, ignoreCase));
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
