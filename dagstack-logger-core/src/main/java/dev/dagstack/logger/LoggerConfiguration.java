package dev.dagstack.logger;

import dev.dagstack.logger.context.OpenTelemetryTraceContext;
import dev.dagstack.logger.context.TraceContextProvider;
import dev.dagstack.logger.convention.ConventionsConfig;
import dev.dagstack.logger.processor.CompositeProcessor;
import dev.dagstack.logger.processor.LogRecordProcessor;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.redaction.RedactionConfig;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.sink.Sinks;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@link Logger#configure(LoggerConfiguration)} sets (spec §9): the root level,
 * per-logger levels and sinks, the root sinks, resource attributes, redaction, the processor
 * chain (§8), the trace-context flag, the baggage allow-list and the trace-context source. Immutable; build
 * one with {@link #builder()}.
 *
 * <p>Resource attributes are merged with {@code OTEL_RESOURCE_ATTRIBUTES} and
 * {@code OTEL_SERVICE_NAME} from the environment; configured values win.
 */
public final class LoggerConfiguration {

  /** The default baggage allow-list. */
  public static final List<String> DEFAULT_BAGGAGE_KEYS = List.of("tenant.id", "request.id", "user.id");

  private final int rootLevel;
  private final Map<String, Integer> levels;
  private final List<Sink> rootSinks;
  private final Map<String, List<Sink>> loggerSinks;
  private final Attrs resourceAttributes;
  private final RedactionConfig redaction;
  private final boolean autoInjectTraceContext;
  private final List<String> baggageKeys;
  private final TraceContextProvider traceContextProvider;
  private final ConventionsConfig conventions;
  private final CompositeProcessor processors;

  private LoggerConfiguration(Builder b) {
    this.rootLevel = b.rootLevel;
    this.levels = Map.copyOf(b.levels);
    this.rootSinks = List.copyOf(b.rootSinks);
    Map<String, List<Sink>> sinks = new LinkedHashMap<>();
    b.loggerSinks.forEach((name, list) -> sinks.put(name, List.copyOf(list)));
    this.loggerSinks = Map.copyOf(sinks);
    this.resourceAttributes = b.resourceAttributes;
    this.redaction = b.redaction;
    this.autoInjectTraceContext = b.autoInjectTraceContext;
    this.baggageKeys = List.copyOf(b.baggageKeys);
    this.traceContextProvider = b.traceContextProvider;
    this.conventions = b.conventions;
    this.processors = b.processors;
  }

  /** A builder with the defaults: INFO, no sinks, no resource, default redaction, auto-inject on. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset with this configuration, to derive a changed one. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.rootLevel = rootLevel;
    b.levels.putAll(levels);
    b.rootSinks = rootSinks;
    b.loggerSinks.putAll(loggerSinks);
    b.resourceAttributes = resourceAttributes;
    b.redaction = redaction;
    b.autoInjectTraceContext = autoInjectTraceContext;
    b.baggageKeys = baggageKeys;
    b.traceContextProvider = traceContextProvider;
    b.conventions = conventions;
    b.processors = processors;
    return b;
  }

  /** The root level (severity number). */
  public int rootLevel() {
    return rootLevel;
  }

  /** Levels set per logger name (the root's is {@link #rootLevel()}). */
  public Map<String, Integer> levels() {
    return levels;
  }

  /** The root sinks. */
  public List<Sink> sinks() {
    return rootSinks;
  }

  /** Sinks set per logger name (the root's are {@link #sinks()}). */
  public Map<String, List<Sink>> loggerSinks() {
    return loggerSinks;
  }

  /** The configured resource attributes, before the environment is merged in. */
  public Attrs resourceAttributes() {
    return resourceAttributes;
  }

  /** The redaction settings. */
  public RedactionConfig redaction() {
    return redaction;
  }

  /** Whether plain emits read the ambient trace context. */
  public boolean autoInjectTraceContext() {
    return autoInjectTraceContext;
  }

  /** The W3C Baggage keys copied into attributes. */
  public List<String> baggageKeys() {
    return baggageKeys;
  }

  /** Operations, typed events and progress settings (spec §5.1-5.3). */
  public ConventionsConfig conventions() {
    return conventions;
  }

  /** Where the ambient trace context comes from. */
  public TraceContextProvider traceContextProvider() {
    return traceContextProvider;
  }

  /**
   * The processor chain applied to every record before it reaches the sinks (spec §8); empty by
   * default. Its counters ({@link CompositeProcessor#failureCounts()}) belong to this
   * configuration.
   */
  public CompositeProcessor processors() {
    return processors;
  }

  @Override
  public String toString() {
    return "LoggerConfiguration{rootLevel=" + rootLevel + ", levels=" + levels
        + ", sinks=" + rootSinks + ", loggerSinks=" + loggerSinks
        + ", resourceAttributes=" + resourceAttributes + ", redaction=" + redaction
        + ", autoInjectTraceContext=" + autoInjectTraceContext + ", baggageKeys=" + baggageKeys
        + ", traceContextProvider=" + traceContextProvider + ", processors=" + processors + "}";
  }

  /** Builds a {@link LoggerConfiguration}. */
  public static final class Builder {
    private int rootLevel = Severity.INFO;
    private final Map<String, Integer> levels = new LinkedHashMap<>();
    private List<Sink> rootSinks = List.of();
    private final Map<String, List<Sink>> loggerSinks = new LinkedHashMap<>();
    private Attrs resourceAttributes = Attrs.empty();
    private RedactionConfig redaction = RedactionConfig.defaults();
    private boolean autoInjectTraceContext = true;
    private List<String> baggageKeys = DEFAULT_BAGGAGE_KEYS;
    private TraceContextProvider traceContextProvider = OpenTelemetryTraceContext.provider();
    private ConventionsConfig conventions = ConventionsConfig.defaults();
    private CompositeProcessor processors = CompositeProcessor.empty();

    private Builder() {}

    /** The root level, a severity number 1..24. */
    public Builder rootLevel(int severityNumber) {
      this.rootLevel = checkLevel("root level", severityNumber);
      return this;
    }

    /** The root level as a name or number ({@link Severity#parse}). */
    public Builder rootLevel(String level) {
      return rootLevel(Severity.parse(level));
    }

    /** The level of {@code loggerName} and its descendants that set none. */
    public Builder level(String loggerName, int severityNumber) {
      checkName(loggerName, "level");
      int level = checkLevel("level of logger '" + loggerName + "'", severityNumber);
      if (loggerName.isEmpty()) {
        rootLevel = level;
      } else {
        levels.put(loggerName, level);
      }
      return this;
    }

    /**
     * Removes the level set for {@code loggerName}, so it inherits its nearest ancestor's again
     * (Spring's "reset" of a logger level). The root keeps a level: clearing it sets INFO.
     */
    public Builder clearLevel(String loggerName) {
      checkName(loggerName, "level");
      if (loggerName.isEmpty()) {
        rootLevel = Severity.INFO;
      } else {
        levels.remove(loggerName);
      }
      return this;
    }

    /** The root sinks. */
    public Builder sinks(Sink... sinks) {
      // Arrays.asList keeps a null element for the check that names its index.
      return sinks(sinks == null ? null : java.util.Arrays.asList(sinks));
    }

    /** The root sinks. */
    public Builder sinks(Collection<? extends Sink> sinks) {
      this.rootSinks = List.of(Sinks.toArray(sinks, "root sinks"));
      return this;
    }

    /** The sinks of {@code loggerName} and its descendants that set none (replacing the root's). */
    public Builder sinks(String loggerName, Collection<? extends Sink> sinks) {
      checkName(loggerName, "sinks");
      List<Sink> list = List.of(Sinks.toArray(sinks, "sinks of logger '" + loggerName + "'"));
      if (loggerName.isEmpty()) {
        rootSinks = list;
      } else {
        loggerSinks.put(loggerName, list);
      }
      return this;
    }

    /** Resource attributes (merged over the environment's). */
    public Builder resourceAttributes(Map<String, ?> attributes) {
      this.resourceAttributes = resourceAttributes.withAll(Attrs.from(attributes));
      return this;
    }

    /** One resource attribute. */
    public Builder resourceAttribute(String key, Object value) {
      if (key == null) {
        throw new IllegalArgumentException("resource attribute key must not be null");
      }
      this.resourceAttributes = resourceAttributes.with(key, value);
      return this;
    }

    /** The redaction settings (validated when the {@link RedactionConfig} is made). */
    public Builder redaction(RedactionConfig redaction) {
      this.redaction = redaction == null ? RedactionConfig.defaults() : redaction;
      return this;
    }

    /** Whether plain emits read the ambient trace context (default {@code true}). */
    public Builder autoInjectTraceContext(boolean enabled) {
      this.autoInjectTraceContext = enabled;
      return this;
    }

    /** The W3C Baggage keys copied into attributes (default {@link #DEFAULT_BAGGAGE_KEYS}). */
    public Builder baggageKeys(Collection<String> keys) {
      if (keys == null) {
        throw new IllegalArgumentException("baggage keys must not be null");
      }
      int i = 0;
      for (String key : keys) {
        if (key == null || key.isBlank()) {
          throw new IllegalArgumentException("baggage keys[" + i + "] is empty");
        }
        i++;
      }
      this.baggageKeys = List.copyOf(keys);
      return this;
    }

    /** Where the ambient trace context comes from (default: the OpenTelemetry Context API). */
    public Builder traceContextProvider(TraceContextProvider provider) {
      this.traceContextProvider =
          provider == null ? OpenTelemetryTraceContext.provider() : provider;
      return this;
    }

    /** The processor chain, in order (spec §8); replaces any set before. */
    public Builder processors(LogRecordProcessor... processors) {
      return processors(processors == null ? null : Arrays.asList(processors));
    }

    /**
     * The processor chain, in order (spec §8); replaces any set before.
     *
     * @throws IllegalArgumentException naming the index of a {@code null} entry
     */
    public Builder processors(List<? extends LogRecordProcessor> processors) {
      this.processors = CompositeProcessor.of(processors);
      return this;
    }

    /**
     * Operations, typed events and progress (spec §5.1-5.3); default
     * {@link ConventionsConfig#defaults()}.
     */
    public Builder conventions(ConventionsConfig conventions) {
      this.conventions = conventions == null ? ConventionsConfig.defaults() : conventions;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException naming the invalid setting
     */
    public LoggerConfiguration build() {
      return new LoggerConfiguration(this);
    }

    private static int checkLevel(String what, int severityNumber) {
      if (!Severity.isValid(severityNumber)) {
        throw new IllegalArgumentException(
            what + " must be a severity number between 1 and 24, got " + severityNumber);
      }
      return severityNumber;
    }

    private static void checkName(String loggerName, String what) {
      if (loggerName == null) {
        throw new IllegalArgumentException(what + ": logger name must not be null");
      }
    }
  }
}
