package dev.dagstack.logger.processor;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code enrich} processor (spec §8): adds attributes to every record, static ones and ones
 * read from a {@link Supplier} per record. A record's own attributes win over these. A supplier
 * that throws makes the processor fail for that record, which the chain isolates (counted,
 * reported, the record goes on without the enrichment). Immutable and thread-safe when the
 * suppliers are.
 *
 * <pre>{@code
 * EnrichProcessor.builder()
 *     .attribute("deployment.region", "eu-west-1")
 *     .attribute("thread.name", () -> Thread.currentThread().getName())
 *     .build();
 * }</pre>
 */
public final class EnrichProcessor implements LogRecordProcessor {

  private final Attrs fixed;
  private final String[] suppliedKeys;
  private final Supplier<?>[] suppliers;

  private EnrichProcessor(Builder b) {
    this.fixed = Attrs.from(b.fixed);
    this.suppliedKeys = b.suppliedKeys.toArray(new String[0]);
    this.suppliers = b.suppliers.toArray(new Supplier<?>[0]);
  }

  /** A builder with no attributes. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "enrich";
  }

  @Override
  public LogRecord onEmit(LogRecord record) {
    Attrs own = record.attributes();
    Attrs.Builder added = Attrs.builder(fixed.size() + suppliers.length + own.size());
    for (int i = 0; i < fixed.size(); i++) {
      added.put(fixed.keyAt(i), fixed.valueAt(i));
    }
    for (int i = 0; i < suppliers.length; i++) {
      added.put(suppliedKeys[i], Values.canonical(suppliers[i].get()));
    }
    for (int i = 0; i < own.size(); i++) {
      added.put(own.keyAt(i), own.valueAt(i));
    }
    return record.withAttributes(added.build());
  }

  @Override
  public String toString() {
    return "EnrichProcessor{attributes=" + fixed + ", supplied=" + List.of(suppliedKeys) + "}";
  }

  /** Builds an {@link EnrichProcessor}. */
  public static final class Builder {
    private final Map<String, Object> fixed = new LinkedHashMap<>();
    private final List<String> suppliedKeys = new ArrayList<>();
    private final List<Supplier<?>> suppliers = new ArrayList<>();

    private Builder() {}

    /** A static attribute (converted like any attribute value). */
    public Builder attribute(String key, Object value) {
      checkKey(key);
      fixed.put(key, value);
      return this;
    }

    /** Static attributes. */
    public Builder attributes(Map<String, ?> attributes) {
      if (attributes == null) {
        throw new IllegalArgumentException("enrich.attributes must not be null");
      }
      attributes.forEach(this::attribute);
      return this;
    }

    /** An attribute whose value {@code supplier} gives for each record. */
    public Builder attribute(String key, Supplier<?> supplier) {
      checkKey(key);
      if (supplier == null) {
        throw new IllegalArgumentException("enrich.attributes." + key + ": supplier must not be null");
      }
      suppliedKeys.add(key);
      suppliers.add(supplier);
      return this;
    }

    public EnrichProcessor build() {
      return new EnrichProcessor(this);
    }

    private static void checkKey(String key) {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("enrich.attributes: a key is empty");
      }
    }
  }
}
