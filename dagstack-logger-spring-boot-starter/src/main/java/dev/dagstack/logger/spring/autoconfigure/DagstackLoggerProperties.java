package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.sink.ConsoleSink;
import dev.dagstack.logger.sink.OverflowPolicy;
import dev.dagstack.logger.sink.RotationInterval;
import dev.dagstack.logger.wire.WireFormat;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * The {@code dagstack.logger.*} properties: the same tree as the core's
 * {@link LoggerConfiguration}, in kebab-case. Levels are strings parsed by the core (a name or a
 * number 1-24); console modes, streams and overflow policies are enums. A name under
 * {@code dagstack.logger} that binds to no setting fails startup, naming it and the nearest
 * valid name.
 *
 * <p>Each concern has its own nested group ({@code sinks}, {@code redaction}, {@code bridge});
 * later groups (such as {@code web}) are added the same way.
 */
@ConfigurationProperties(DagstackLoggerProperties.PREFIX)
public class DagstackLoggerProperties {

  /** The prefix of every property. */
  public static final String PREFIX = "dagstack.logger";

  /** Whether the starter configures the dagstack logger at all. */
  private boolean enabled = true;

  /**
   * The root level: TRACE, DEBUG, INFO, WARN, ERROR, FATAL (any case) or a number 1-24. When
   * unset, logging.level.root applies, else INFO.
   */
  private String level;

  /**
   * Levels per logger name (and its descendants), e.g. dagstack.logger.loggers.order_service=debug.
   * An entry here wins over logging.level.* for the same name.
   */
  private Map<String, String> loggers = new LinkedHashMap<>();

  /**
   * Resource attributes of every record, e.g. dagstack.logger.resource.service.version=1.4.2.
   * service.name defaults to spring.application.name (unless OTEL_SERVICE_NAME is set).
   */
  private Map<String, String> resource = new LinkedHashMap<>();

  /** Whether plain emits carry the current trace context (trace_id, span_id, trace_flags). */
  private boolean autoInjectTraceContext = true;

  /** W3C Baggage keys copied into the attributes of every record. */
  private List<String> baggageKeys = new ArrayList<>(LoggerConfiguration.DEFAULT_BAGGAGE_KEYS);

  /**
   * The root sinks by sink id, e.g. dagstack.logger.sinks.app-file.type=file. Each has a type
   * (console, file, in-memory, or a custom SinkType's name) and that type's settings; a profile
   * overrides single settings of single sinks. Without any, one console sink in auto mode:
   * pretty on a terminal, JSON lines otherwise.
   */
  private Map<String, Sink> sinks = new LinkedHashMap<>();

  private final Redaction redaction = new Redaction();

  /**
   * The processor chain, in order (spec §8): each entry has a type (redaction, sampler_rate,
   * sampler_trace_ratio, enrich) and that type's settings; see {@link ProcessorProperties}.
   */
  private List<ProcessorProperties> processors = new ArrayList<>();

  private final Bridge bridge = new Bridge();

  private final Web web = new Web();

  @NestedConfigurationProperty
  private final DagstackEventsProperties events = new DagstackEventsProperties();

  @NestedConfigurationProperty
  private final DagstackOperationsProperties operations = new DagstackOperationsProperties();

  @NestedConfigurationProperty
  private final DagstackAiAgentProperties aiAgent = new DagstackAiAgentProperties();

  @NestedConfigurationProperty
  private final DagstackHealthProperties health = new DagstackHealthProperties();

  @NestedConfigurationProperty
  private final DagstackViewerProperties viewer = new DagstackViewerProperties();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getLevel() {
    return level;
  }

  public void setLevel(String level) {
    this.level = level;
  }

  public Map<String, String> getLoggers() {
    return loggers;
  }

  public void setLoggers(Map<String, String> loggers) {
    this.loggers = loggers;
  }

  public Map<String, String> getResource() {
    return resource;
  }

  public void setResource(Map<String, String> resource) {
    this.resource = resource;
  }

  public boolean isAutoInjectTraceContext() {
    return autoInjectTraceContext;
  }

  public void setAutoInjectTraceContext(boolean autoInjectTraceContext) {
    this.autoInjectTraceContext = autoInjectTraceContext;
  }

  public List<String> getBaggageKeys() {
    return baggageKeys;
  }

  public void setBaggageKeys(List<String> baggageKeys) {
    this.baggageKeys = baggageKeys;
  }

  public Map<String, Sink> getSinks() {
    return sinks;
  }

  public void setSinks(Map<String, Sink> sinks) {
    this.sinks = sinks;
  }

  public Redaction getRedaction() {
    return redaction;
  }

  public List<ProcessorProperties> getProcessors() {
    return processors;
  }

  public void setProcessors(List<ProcessorProperties> processors) {
    this.processors = processors;
  }

  public Bridge getBridge() {
    return bridge;
  }

  public DagstackEventsProperties getEvents() {
    return events;
  }

  public DagstackOperationsProperties getOperations() {
    return operations;
  }

  public DagstackAiAgentProperties getAiAgent() {
    return aiAgent;
  }

  public DagstackHealthProperties getHealth() {
    return health;
  }

  public DagstackViewerProperties getViewer() {
    return viewer;
  }

  public Web getWeb() {
    return web;
  }

  /**
   * The settings of one built-in sink, {@code dagstack.logger.sinks.<id>}; the id is the map key.
   * Each type accepts only its own settings (plus type, enabled and min-severity); a custom
   * {@link dev.dagstack.logger.spring.sink.SinkType} binds its own settings class instead.
   */
  public static class Sink {

    /** The kind of sink: console, file, in-memory, or the name of a custom sink type. */
    private String type = "console";

    /** Whether this sink is built; a profile can set false to drop a sink. */
    private boolean enabled = true;

    /** Console rendering: auto (pretty on a terminal, JSON lines otherwise), json or pretty. */
    private ConsoleSink.Mode mode;

    /** Console stream: stderr or stdout. */
    private Stream stream;

    /** File sink: the live file's path (required). */
    private String path;

    /** File sink: rotate before the live file would exceed this size; 0 never rotates. */
    private DataSize maxBytes;

    /** File sink: how many rotated files to keep; 0 keeps only the live file. */
    private Integer keep;

    /** In-memory sink: how many records are kept (oldest dropped first). */
    private Integer capacity;

    /** The lowest severity this sink accepts (name or number 1-24). */
    private String minSeverity;

    /** Console and file sinks: what a full buffer does: drop-oldest, drop-newest or block. */
    private OverflowPolicy overflow;

    /** Console and file sinks: how many records may wait for the writer before overflow applies. */
    private Integer bufferSize;

    /**
     * Console and file sinks: how many bytes of records (estimated) may wait for the writer
     * before overflow applies; default 32MB.
     */
    private DataSize bufferBytes;

    /**
     * Console and file sinks: the longest line written (1KB to 64MB, default 16MB); longer
     * records have their long strings cut.
     */
    private DataSize maxRecordBytes;

    /**
     * Set by the factory from spring.output.ansi.enabled (ALWAYS: true, NEVER: false, DETECT:
     * null); not a property.
     */
    Boolean terminal;

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public ConsoleSink.Mode getMode() {
      return mode;
    }

    public void setMode(ConsoleSink.Mode mode) {
      this.mode = mode;
    }

    public Stream getStream() {
      return stream;
    }

    public void setStream(Stream stream) {
      this.stream = stream;
    }

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    public DataSize getMaxBytes() {
      return maxBytes;
    }

    public void setMaxBytes(DataSize maxBytes) {
      this.maxBytes = maxBytes;
    }

    public Integer getKeep() {
      return keep;
    }

    public void setKeep(Integer keep) {
      this.keep = keep;
    }

    public Integer getCapacity() {
      return capacity;
    }

    public void setCapacity(Integer capacity) {
      this.capacity = capacity;
    }

    public String getMinSeverity() {
      return minSeverity;
    }

    public void setMinSeverity(String minSeverity) {
      this.minSeverity = minSeverity;
    }

    public OverflowPolicy getOverflow() {
      return overflow;
    }

    public void setOverflow(OverflowPolicy overflow) {
      this.overflow = overflow;
    }

    public Integer getBufferSize() {
      return bufferSize;
    }

    public void setBufferSize(Integer bufferSize) {
      this.bufferSize = bufferSize;
    }

    public DataSize getBufferBytes() {
      return bufferBytes;
    }

    public void setBufferBytes(DataSize bufferBytes) {
      this.bufferBytes = bufferBytes;
    }

    public DataSize getMaxRecordBytes() {
      return maxRecordBytes;
    }

    public void setMaxRecordBytes(DataSize maxRecordBytes) {
      this.maxRecordBytes = maxRecordBytes;
    }

    /** Console (json mode) and file sinks: the line format, json (default) or otel-json. */
    private WireFormat format;

    /** File sink: also rotate at the end of every hour or day (hourly, daily); dated names. */
    private RotationInterval rotateEvery;

    /** File sink: the time zone of the hour and day boundaries (default: the system's). */
    private ZoneId zone;

    /** File sink with rotate-every: delete rotated files whose period ended longer ago. */
    private Duration maxAge;

    /** File sink with rotate-every: the most all rotated files may take together. */
    private DataSize maxTotalSize;

    /** File sink with rotate-every: gzip rotated files. */
    private Boolean compress;

    public WireFormat getFormat() {
      return format;
    }

    public void setFormat(WireFormat format) {
      this.format = format;
    }

    public RotationInterval getRotateEvery() {
      return rotateEvery;
    }

    public void setRotateEvery(RotationInterval rotateEvery) {
      this.rotateEvery = rotateEvery;
    }

    public ZoneId getZone() {
      return zone;
    }

    public void setZone(ZoneId zone) {
      this.zone = zone;
    }

    public Duration getMaxAge() {
      return maxAge;
    }

    public void setMaxAge(Duration maxAge) {
      this.maxAge = maxAge;
    }

    public DataSize getMaxTotalSize() {
      return maxTotalSize;
    }

    public void setMaxTotalSize(DataSize maxTotalSize) {
      this.maxTotalSize = maxTotalSize;
    }

    public Boolean getCompress() {
      return compress;
    }

    public void setCompress(Boolean compress) {
      this.compress = compress;
    }
  }

  /** The stream of a console sink. */
  public enum Stream {
    /** Standard error (the default). */
    STDERR,
    /** Standard output. */
    STDOUT
  }

  /** {@code dagstack.logger.redaction}: which attribute keys are masked as "***". */
  public static class Redaction {

    /** Key suffixes masked in addition to the base set (lowercase ASCII, no whitespace). */
    private List<String> extraSuffixes = new ArrayList<>();

    /** Whether extra-suffixes replaces the base set (_key, _secret, _token, ...). */
    private boolean replaceDefaults;

    public List<String> getExtraSuffixes() {
      return extraSuffixes;
    }

    public void setExtraSuffixes(List<String> extraSuffixes) {
      this.extraSuffixes = extraSuffixes;
    }

    public boolean isReplaceDefaults() {
      return replaceDefaults;
    }

    public void setReplaceDefaults(boolean replaceDefaults) {
      this.replaceDefaults = replaceDefaults;
    }
  }

  /** {@code dagstack.logger.bridge}: routing other logging APIs into the dagstack logger. */
  public static class Bridge {

    private final Slf4j slf4j = new Slf4j();

    public Slf4j getSlf4j() {
      return slf4j;
    }
  }

  /** {@code dagstack.logger.bridge.slf4j}: the SLF4J/Logback bridge. */
  public static class Slf4j {

    /** Whether SLF4J events (via Logback) are routed into the dagstack logger of the same name. */
    private boolean enabled = true;

    /** Whether Boot's console appender is detached, so the console carries only dagstack records. */
    private boolean replaceConsole = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isReplaceConsole() {
      return replaceConsole;
    }

    public void setReplaceConsole(boolean replaceConsole) {
      this.replaceConsole = replaceConsole;
    }
  }

  /** {@code dagstack.logger.web}: the per-request scope of servlet and WebFlux applications. */
  public static class Web {

    /** Whether each HTTP request gets a logging scope (request.id, http.request.method, url.path). */
    private boolean enabled = true;

    /**
     * The request header whose value becomes request.id when well-formed (1-128 characters of
     * A-Z a-z 0-9 . _ : -); otherwise a new id is generated. The id is echoed on the response
     * under the same header.
     */
    private String requestIdHeader = "X-Request-Id";

    private final Debug debug = new Debug();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getRequestIdHeader() {
      return requestIdHeader;
    }

    public void setRequestIdHeader(String requestIdHeader) {
      this.requestIdHeader = requestIdHeader;
    }

    public Debug getDebug() {
      return debug;
    }
  }

  /**
   * {@code dagstack.logger.web.debug}: per-request debug capture. A request whose debug header
   * equals the token (and whose remote address is allowed) is logged down to the debug level and
   * also into the debug sinks. Off while no token is set.
   */
  public static class Debug {

    /** The request header that carries the debug token. */
    private String header = "X-Dagstack-Debug";

    /** The secret a debug request must present; debug capture is off while unset. */
    private String token;

    /**
     * CIDR ranges (IPv4 or IPv6, e.g. 10.0.0.0/8, ::1/128; a bare address is one host) a debug
     * request must come from; empty allows every address.
     */
    private List<String> allowedAddresses = new ArrayList<>();

    /**
     * Proxies (CIDR ranges) whose Forwarded / X-Forwarded-For headers are believed for the
     * allowed-addresses check; from any other peer those headers are ignored. Default none: the
     * connection's peer address is checked.
     */
    private List<String> trustedProxies = new ArrayList<>();

    /**
     * Refused debug requests (wrong token, address not allowed) from one client address within
     * refusal-window after which its debug header is ignored without a check until the window
     * ends; 0 never throttles.
     */
    private int refusalLimit = 5;

    /** The window of refusal-limit. */
    private Duration refusalWindow = Duration.ofMinutes(1);

    /** The level a debug request is logged down to (name or number 1-24). */
    private String level = "debug";

    /**
     * Ids of sinks from dagstack.logger.sinks that receive the records of debug requests only
     * (they are not attached to the root logger).
     */
    private List<String> sinks = new ArrayList<>();

    public String getHeader() {
      return header;
    }

    public void setHeader(String header) {
      this.header = header;
    }

    public String getToken() {
      return token;
    }

    public void setToken(String token) {
      this.token = token;
    }

    public List<String> getAllowedAddresses() {
      return allowedAddresses;
    }

    public void setAllowedAddresses(List<String> allowedAddresses) {
      this.allowedAddresses = allowedAddresses;
    }

    public List<String> getTrustedProxies() {
      return trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
      this.trustedProxies = trustedProxies;
    }

    public int getRefusalLimit() {
      return refusalLimit;
    }

    public void setRefusalLimit(int refusalLimit) {
      this.refusalLimit = refusalLimit;
    }

    public Duration getRefusalWindow() {
      return refusalWindow;
    }

    public void setRefusalWindow(Duration refusalWindow) {
      this.refusalWindow = refusalWindow;
    }

    public String getLevel() {
      return level;
    }

    public void setLevel(String level) {
      this.level = level;
    }

    public List<String> getSinks() {
      return sinks;
    }

    public void setSinks(List<String> sinks) {
      this.sinks = sinks;
    }
  }
}
