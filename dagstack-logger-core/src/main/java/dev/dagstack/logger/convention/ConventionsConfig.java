package dev.dagstack.logger.convention;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The settings of the semantic conventions (spec §5.1-5.3), part of a
 * {@code LoggerConfiguration} ({@code LoggerConfiguration.builder().conventions(...)}): typed-event
 * schemas and validation mode, application-defined operation kinds, the progress tick interval,
 * the OpenTelemetry instance operation spans are opened with. Immutable.
 *
 * <pre>{@code
 * ConventionsConfig conventions = ConventionsConfig.builder()
 *     .validation(ValidationMode.STRICT)
 *     .schemaLocations(List.of("config/events"))     // plus META-INF/dagstack/events/*.yaml
 *     .operationKinds(List.of("billing"))
 *     .progressInterval(Duration.ofSeconds(1))
 *     .build();                                       // reads and checks the schema files
 * }</pre>
 */
public final class ConventionsConfig {

  /** The default minimum time between two progress ticks of one operation. */
  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMillis(500);
  /** The default window {@code progress.rate} is measured over. */
  public static final Duration DEFAULT_RATE_WINDOW = Duration.ofSeconds(10);

  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]*");
  private static final ConventionsConfig DEFAULTS = new ConventionsConfig(new Builder(), null);

  private final ValidationMode validation;
  private final Set<String> operationKinds;
  private final long progressIntervalNanos;
  private final long rateWindowNanos;
  private final OpenTelemetry openTelemetry;
  private final OperationSpans spans;
  private final LongSupplier nanoClock;
  private final List<String> schemaLocations;
  private final ClassLoader classLoader;
  private final AiAgentConfig aiAgent;
  /** Unknown operation kinds already reported under this configuration. */
  private final Set<String> reportedKinds = ConcurrentHashMap.newKeySet();
  /** Read at build time, or on first use for {@link #defaults()}. */
  private volatile EventSchemas schemas;

  /** {@code schemas} null: read on first use, keeping the valid files (as {@link #defaults()}). */
  ConventionsConfig(Builder b, EventSchemas schemas) {
    this.validation = b.validation;
    Set<String> kinds = new LinkedHashSet<>(OperationKind.STANDARD);
    kinds.addAll(b.operationKinds);
    this.operationKinds = Set.copyOf(kinds);
    this.progressIntervalNanos = b.progressInterval.toNanos();
    this.rateWindowNanos = b.rateWindow.toNanos();
    this.openTelemetry = b.openTelemetry;
    this.spans = b.spans != null ? b.spans : new OpenTelemetryOperationSpans(this::openTelemetry);
    this.nanoClock = b.nanoClock;
    this.schemaLocations = List.copyOf(b.schemaLocations);
    this.classLoader = b.classLoader;
    this.aiAgent = b.aiAgent;
    this.schemas = schemas;
  }

  /** The AI-agent pack's settings (spec §5.5); disabled by default. */
  public AiAgentConfig aiAgent() {
    return aiAgent;
  }

  /**
   * The defaults: {@link ValidationMode#REPORT}, the six standard kinds, ticks at most every
   * 500 ms, spans through {@code GlobalOpenTelemetry} when one is set. The classpath schema files
   * are read on the first typed event; a broken one is reported on the diagnostic channel (a
   * built configuration fails instead).
   */
  public static ConventionsConfig defaults() {
    return DEFAULTS;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** What a schema violation does. */
  public ValidationMode validation() {
    return validation;
  }

  /** The typed-event schemas. */
  public EventSchemas schemas() {
    EventSchemas loaded = schemas;
    if (loaded == null) {
      synchronized (this) {
        loaded = schemas;
        if (loaded == null) {
          try {
            // Lazily read (the default configuration): a broken file must not disable the
            // valid ones; only an explicit build() fails on it.
            loaded = EventSchemas.loadKeepingValid(classLoader(), schemaLocations,
                bad -> Diagnostics.error("an event schema file is broken and was skipped; its"
                    + " events are written without a schema: " + bad.getMessage(), null,
                    Attrs.of("events.schema_directory", EventSchemas.CLASSPATH_DIRECTORY)));
          } catch (RuntimeException | LinkageError e) {
            Diagnostics.error("the typed-event schema files cannot be read; events are written"
                + " without schemas", e, Attrs.of("events.schema_directory",
                    EventSchemas.CLASSPATH_DIRECTORY));
            loaded = EventSchemas.empty();
          }
          schemas = loaded;
        }
      }
    }
    return loaded;
  }

  /** The operation kinds known here: the six of the spec and the application's. */
  public Set<String> operationKinds() {
    return operationKinds;
  }

  /** The minimum time between two progress ticks of one operation. */
  public Duration progressInterval() {
    return Duration.ofNanos(progressIntervalNanos);
  }

  /** Whether {@code kind} (not registered) is seen here for the first time. */
  boolean firstUseOfUnknownKind(String kind) {
    return reportedKinds.size() < 1000 && reportedKinds.add(kind);
  }

  long progressIntervalNanos() {
    return progressIntervalNanos;
  }

  long rateWindowNanos() {
    return rateWindowNanos;
  }

  long nanoTime() {
    return nanoClock.getAsLong();
  }

  /**
   * The OpenTelemetry instance spans come from: the configured one, else {@code
   * GlobalOpenTelemetry} when an application has set it, else {@code null} (no spans).
   */
  public OpenTelemetry openTelemetry() {
    if (openTelemetry != null) {
      return openTelemetry;
    }
    // isSet() never triggers autoconfiguration nor freezes the global to a no-op.
    return GlobalOpenTelemetry.isSet() ? GlobalOpenTelemetry.get() : null;
  }

  /** Where operation spans come from. */
  public OperationSpans spans() {
    return spans;
  }

  private ClassLoader classLoader() {
    if (classLoader != null) {
      return classLoader;
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ConventionsConfig.class.getClassLoader();
  }

  @Override
  public String toString() {
    return "ConventionsConfig{validation=" + validation + ", operationKinds=" + operationKinds
        + ", progressInterval=" + progressInterval() + ", schemaLocations=" + schemaLocations
        + ", aiAgent=" + aiAgent + "}";
  }

  /** Builds a {@link ConventionsConfig}. */
  public static final class Builder {
    private ValidationMode validation = ValidationMode.REPORT;
    private final List<String> operationKinds = new ArrayList<>();
    private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;
    private Duration rateWindow = DEFAULT_RATE_WINDOW;
    private OpenTelemetry openTelemetry;
    private OperationSpans spans;
    private LongSupplier nanoClock = System::nanoTime;
    private final List<String> schemaLocations = new ArrayList<>();
    private ClassLoader classLoader;
    private EventSchemas schemas;
    private AiAgentConfig aiAgent = AiAgentConfig.disabled();

    private Builder() {}

    /** Enables and sets up the AI-agent pack (spec §5.5); {@code null} disables it. */
    public Builder aiAgent(AiAgentConfig aiAgent) {
      this.aiAgent = aiAgent == null ? AiAgentConfig.disabled() : aiAgent;
      return this;
    }

    /** What a schema violation does (default {@link ValidationMode#REPORT}). */
    public Builder validation(ValidationMode mode) {
      if (mode == null) {
        throw new IllegalArgumentException("validation mode must not be null");
      }
      this.validation = mode;
      return this;
    }

    /**
     * More schema files: each a file or a directory of {@code *.yaml}/{@code *.yml}, as a path or
     * {@code classpath:<resource>}; read after the classpath's {@code META-INF/dagstack/events}.
     */
    public Builder schemaLocations(Collection<String> locations) {
      schemaLocations.addAll(locations);
      return this;
    }

    /** Reads schema files through this class loader (default: the thread's context loader). */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = loader;
      return this;
    }

    /** Uses these schemas instead of reading any file. */
    public Builder schemas(EventSchemas schemas) {
      this.schemas = schemas;
      return this;
    }

    /**
     * Application-defined operation kinds, on top of the six of the spec.
     *
     * @throws IllegalArgumentException for a kind that is not snake_case
     */
    public Builder operationKinds(Collection<String> kinds) {
      for (String kind : kinds) {
        if (kind == null || !KIND.matcher(kind).matches()) {
          throw new IllegalArgumentException("operation kind '" + kind
              + "' must be snake_case (lowercase letters, digits and _, starting with a letter)");
        }
        operationKinds.add(kind);
      }
      return this;
    }

    /**
     * The minimum time between two progress ticks of one operation (default 500 ms; zero
     * writes every tick).
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder progressInterval(Duration interval) {
      if (interval == null || interval.isNegative()) {
        throw new IllegalArgumentException("progress interval must be zero or more, got "
            + interval);
      }
      this.progressInterval = interval;
      return this;
    }

    /**
     * The sliding window {@code progress.rate} is measured over (default 10 s).
     *
     * @throws IllegalArgumentException when not positive
     */
    public Builder rateWindow(Duration window) {
      if (window == null || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("progress rate window must be positive, got "
            + window);
      }
      this.rateWindow = window;
      return this;
    }

    /**
     * Operation spans come from this instance's tracer (default: {@code GlobalOpenTelemetry}
     * when set). A no-op instance means no spans.
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
      return this;
    }

    /**
     * Opens operation spans through {@code spans} instead of the OpenTelemetry API (the Spring
     * starter passes Micrometer Tracing's).
     */
    public Builder spans(OperationSpans spans) {
      this.spans = spans;
      return this;
    }

    /** The monotonic clock durations, tick intervals and rates use, in ns (for tests). */
    public Builder nanoClock(LongSupplier clock) {
      if (clock == null) {
        throw new IllegalArgumentException("nanoClock must not be null");
      }
      this.nanoClock = clock;
      return this;
    }

    /**
     * The settings, with the schema files read and checked.
     *
     * @throws EventSchemaException naming the file, line and problem of a broken schema file
     */
    public ConventionsConfig build() {
      EventSchemas loaded = schemas != null ? schemas
          : EventSchemas.load(classLoader != null ? classLoader
              : Thread.currentThread().getContextClassLoader(), schemaLocations);
      return new ConventionsConfig(this, loaded);
    }
  }
}
