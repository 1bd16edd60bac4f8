package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.ConsoleSink;
import dev.dagstack.logger.sink.FileSink;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.sink.OverflowPolicy;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.spring.sink.InvalidSinkSettingException;
import dev.dagstack.logger.spring.sink.SinkType;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Builds the sink of each {@code dagstack.logger.sinks.<id>} from its type ({@link SinkType}:
 * the built-in ones, {@link ServiceLoader} entries and the application's beans), turning every
 * problem into an {@link InvalidDagstackLoggerPropertyException} that names the property, the
 * value, what is accepted and the value's origin.
 *
 * <p>A new built-in type is one entry in {@link #builtInTypes()}; a library's type is a
 * {@code META-INF/services/dev.dagstack.logger.spring.sink.SinkType} entry.
 */
public final class SinkFactory {

  static final String PREFIX = DagstackLoggerProperties.PREFIX + ".sinks";
  static final String CONSOLE = "console";
  static final String FILE = "file";
  static final String IN_MEMORY = "in-memory";
  static final int DEFAULT_IN_MEMORY_CAPACITY = 1000;
  /** Settings every sink has, whatever its type; the factory reads them itself. */
  private static final Set<String> FACTORY_SETTINGS = Set.of("type", "enabled");

  private final Iterable<ConfigurationPropertySource> sources;
  private final Binder binder;
  private final Map<String, SinkType<?>> types;
  /**
   * Closes every sink this factory builds when the context closes ({@code null}: the caller
   * closes). The starter's sinks are known by who built them, not by bean name, so that an
   * application's bean named alike is left alone. The configurer closes them first; this covers
   * a start that fails before or in the configurer.
   */
  private final DagstackLoggerShutdown shutdown;

  /**
   * @param sources where the {@code dagstack.logger.sinks} properties are found (names, origins)
   * @param binder binds them (resolving placeholders)
   * @param beanTypes the application's {@link SinkType} beans (besides the built-in and
   *     {@link ServiceLoader} ones)
   * @param shutdown closes the sinks built here with the context, or {@code null}
   */
  SinkFactory(Iterable<ConfigurationPropertySource> sources, Binder binder,
      Collection<SinkType<?>> beanTypes, DagstackLoggerShutdown shutdown) {
    this.sources = sources;
    this.binder = binder;
    this.shutdown = shutdown;
    this.types = new LinkedHashMap<>();
    List<SinkType<?>> all = new ArrayList<>(discoverableTypes());
    all.addAll(beanTypes);
    for (SinkType<?> type : all) {
      SinkType<?> previous = types.putIfAbsent(normalize(type.name()), type);
      if (previous != null && previous.getClass() != type.getClass()) {
        throw new IllegalStateException("two sink types are named '" + type.name() + "': "
            + previous.getClass().getName() + " and " + type.getClass().getName());
      }
    }
  }

  /**
   * The factory of an application's sinks: its environment's properties and its {@link SinkType}
   * beans in order; the sinks it builds are closed with the context. The factory method of the
   * bean {@link ConfiguredSinksRegistrar} registers.
   */
  static SinkFactory forApplication(Environment environment, ObjectProvider<SinkType<?>> beanTypes,
      DagstackLoggerShutdown shutdown) {
    return new SinkFactory(ConfigurationPropertySources.get(environment), Binder.get(environment),
        beanTypes.orderedStream().toList(), shutdown);
  }

  /** The built-in sink types. */
  static List<SinkType<?>> builtInTypes() {
    return List.of(new ConsoleType(), new FileType(), new InMemoryType());
  }

  /** The built-in types and those registered through {@link ServiceLoader}. */
  static List<SinkType<?>> discoverableTypes() {
    List<SinkType<?>> types = new ArrayList<>(builtInTypes());
    ServiceLoader.load(SinkType.class, SinkFactory.class.getClassLoader())
        .forEach(type -> types.add((SinkType<?>) type));
    return types;
  }

  /**
   * Builds one sink of {@code type} from a map of settings (kebab-case names, values as they
   * would be written in a properties file), through the same binding and checks as startup.
   * Backs {@link dev.dagstack.logger.spring.sink.TestSinks}.
   *
   * @throws IllegalArgumentException naming the property, the value and what is accepted
   */
  public static Sink build(SinkType<?> type, String id, Map<String, ?> settings) {
    return build(type.name(), List.of(type), id, settings);
  }

  /** As {@link #build(SinkType, String, Map)}, for a built-in or {@link ServiceLoader} type by name. */
  public static Sink build(String typeName, String id, Map<String, ?> settings) {
    return build(typeName, List.of(), id, settings);
  }

  private static Sink build(String typeName, List<SinkType<?>> extra, String id,
      Map<String, ?> settings) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(path(id) + ".type", typeName);
    settings.forEach((key, value) -> properties.put(path(id) + "." + key, value));
    List<ConfigurationPropertySource> sources =
        List.of(new MapConfigurationPropertySource(properties));
    SinkFactory factory = new SinkFactory(sources, new Binder(sources), extra, null);
    try {
      return factory.create(id);
    } catch (InvalidDagstackLoggerPropertyException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The property path of sink {@code id}, e.g. {@code dagstack.logger.sinks.app-file}. */
  static String path(String id) {
    return ConfigurationPropertyName.of(PREFIX).append(
        id.matches("[a-z0-9-]+") ? id : "[" + id + "]").toString();
  }

  /** The configured sink ids, in the order of the lowest-precedence source that names them. */
  static List<String> ids(Iterable<ConfigurationPropertySource> sources) {
    ConfigurationPropertyName prefix = ConfigurationPropertyName.of(PREFIX);
    Map<ConfigurationPropertyName, String> ids = new LinkedHashMap<>();
    for (ConfigurationPropertyName name : PropertyNames.under(sources, prefix).keySet()) {
      if (name.getNumberOfElements() > prefix.getNumberOfElements()) {
        ids.putIfAbsent(name.chop(prefix.getNumberOfElements() + 1),
            name.getElement(prefix.getNumberOfElements(), Form.ORIGINAL));
      }
    }
    return List.copyOf(new LinkedHashSet<>(ids.values()));
  }

  /** Whether sink {@code id} is enabled ({@code dagstack.logger.sinks.<id>.enabled}). */
  static boolean enabled(Binder binder, String id) {
    return binder.bind(path(id) + ".enabled", Boolean.class).orElse(true);
  }

  /**
   * The class of the sinks of {@code id} when its type is known without the application's beans;
   * {@link Sink} otherwise.
   */
  static Class<? extends Sink> sinkClass(Binder binder, String id) {
    String name = binder.bind(path(id) + ".type", String.class).orElse(CONSOLE);
    for (SinkType<?> type : discoverableTypes()) {
      if (normalize(type.name()).equals(normalize(name))) {
        return type.sinkClass();
      }
    }
    return Sink.class;
  }

  /**
   * The console sink used when no sink is configured: auto mode, id {@code console:auto}, with
   * Boot's {@code logging.threshold.console} and {@code spring.output.ansi.enabled} applied.
   */
  Sink createDefaultConsole() {
    DagstackLoggerProperties.Sink settings = new DagstackLoggerProperties.Sink();
    applyBootLogging(CONSOLE, settings);
    try {
      return closedWithContext(new ConsoleType().create("console:auto", settings));
    } catch (InvalidSinkSettingException e) {
      throw new InvalidDagstackLoggerPropertyException("logging.threshold.console", e.value(),
          e.accepted());
    }
  }

  /** Builds sink {@code id}. */
  Sink create(String id) {
    String base = path(id);
    ConfigurationPropertyName prefix = ConfigurationPropertyName.of(base);
    Map<ConfigurationPropertyName, ConfigurationProperty> configured =
        PropertyNames.under(sources, prefix);
    ConfigurationProperty typeProperty = configured.get(prefix.append("type"));
    String typeName = binder.bind(base + ".type", String.class).orElse(CONSOLE);
    SinkType<?> type = types.get(normalize(typeName));
    if (type == null) {
      String nearest = PropertyNames.nearest(normalize(typeName), types.keySet());
      throw new InvalidDagstackLoggerPropertyException(base + ".type", typeName,
          "unknown sink type; " + (nearest == null ? "" : "did you mean " + nearest + "? ")
              + "accepted: " + String.join(", ", types.keySet()), origin(typeProperty));
    }
    Set<String> allowed = type instanceof BuiltInType<?> builtIn ? builtIn.settings : null;
    configured.forEach((name, property) -> {
      if (name.getNumberOfElements() == prefix.getNumberOfElements() + 1
          && FACTORY_SETTINGS.contains(name.getLastElement(Form.DASHED))) {
        return;
      }
      String problem = PropertyNames.unknown(name, prefix.getNumberOfElements(),
          type.settingsType(), allowed);
      if (problem != null) {
        throw new InvalidDagstackLoggerPropertyException(name.toString(), property.getValue(),
            problem + " (sink type " + type.name() + ")", origin(property));
      }
    });
    return create(id, type, base, configured);
  }

  private <S> Sink create(String id, SinkType<S> type, String base,
      Map<ConfigurationPropertyName, ConfigurationProperty> configured) {
    S settings;
    try {
      settings = binder.bindOrCreate(base, Bindable.of(type.settingsType()));
    } catch (BindException e) {
      InvalidDagstackLoggerPropertyException invalid = DagstackLoggerFailureAnalyzer.invalid(e);
      throw invalid != null ? invalid : e;
    }
    if (settings instanceof DagstackLoggerProperties.Sink builtIn) {
      applyBootLogging(type.name(), builtIn);
    }
    try {
      Sink sink = type.create(id, settings);
      if (sink == null) {
        throw new InvalidDagstackLoggerPropertyException(base + ".type", type.name(),
            "the sink type returned no sink");
      }
      return closedWithContext(sink);
    } catch (InvalidSinkSettingException e) {
      ConfigurationProperty property =
          configured.get(ConfigurationPropertyName.of(base + "." + e.setting()));
      throw new InvalidDagstackLoggerPropertyException(base + "." + e.setting(),
          property != null ? property.getValue() : e.value(), e.accepted(), origin(property));
    } catch (IllegalArgumentException e) {
      throw new InvalidDagstackLoggerPropertyException(base, "(sink settings)", e.getMessage());
    }
  }

  private Sink closedWithContext(Sink sink) {
    if (shutdown != null) {
      shutdown.register(sink::close);
    }
    return sink;
  }

  /**
   * Boot's own console and file settings, for a built-in sink that does not set its own:
   * {@code logging.threshold.console} / {@code logging.threshold.file} become the sink's
   * min-severity ({@code OFF} keeps only severity 24), {@code spring.output.ansi.enabled} decides
   * whether a console sink treats its stream as a terminal (ALWAYS: pretty with colour in auto
   * mode; NEVER: no colour, JSON in auto mode).
   */
  private void applyBootLogging(String typeName, DagstackLoggerProperties.Sink settings) {
    String threshold = switch (typeName) {
      case CONSOLE -> binder.bind("logging.threshold.console", String.class).orElse(null);
      case FILE -> binder.bind("logging.threshold.file", String.class).orElse(null);
      default -> null;
    };
    if (settings.getMinSeverity() == null && StringUtils.hasText(threshold)) {
      settings.setMinSeverity("off".equalsIgnoreCase(threshold.strip())
          ? String.valueOf(Severity.MAX) : threshold);
    }
    if (CONSOLE.equals(typeName)) {
      String ansi = binder.bind("spring.output.ansi.enabled", String.class).orElse("detect");
      settings.terminal = switch (ansi.strip().toLowerCase(Locale.ROOT)) {
        case "always" -> Boolean.TRUE;
        case "never" -> Boolean.FALSE;
        default -> null;
      };
    }
  }

  private static Object origin(ConfigurationProperty property) {
    return property == null ? null : property.getOrigin();
  }

  private static String normalize(String name) {
    return name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * A built-in type: its settings are {@link DagstackLoggerProperties.Sink} (the class the IDE
   * metadata describes), of which it accepts only {@link #settings}.
   */
  abstract static class BuiltInType<T extends Sink> implements SinkType<DagstackLoggerProperties.Sink> {
    private final String name;
    private final Class<T> sinkClass;
    final Set<String> settings;

    BuiltInType(String name, Class<T> sinkClass, String... settings) {
      this.name = name;
      this.sinkClass = sinkClass;
      Set<String> all = new LinkedHashSet<>(List.of(settings));
      all.add("min-severity");
      this.settings = Set.copyOf(all);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Class<DagstackLoggerProperties.Sink> settingsType() {
      return DagstackLoggerProperties.Sink.class;
    }

    @Override
    public Class<T> sinkClass() {
      return sinkClass;
    }

    static int minSeverity(DagstackLoggerProperties.Sink settings) {
      if (settings.getMinSeverity() == null) {
        return Severity.MIN;
      }
      try {
        return Severity.parse(settings.getMinSeverity());
      } catch (IllegalArgumentException e) {
        throw new InvalidSinkSettingException("min-severity", settings.getMinSeverity(), e.getMessage());
      }
    }

    static Integer bufferSize(DagstackLoggerProperties.Sink settings) {
      Integer size = settings.getBufferSize();
      if (size != null && size <= 0) {
        throw new InvalidSinkSettingException("buffer-size", size,
            "a whole number of records, 1 or more (e.g. 1000)");
      }
      return size;
    }

    static Long bufferBytes(DagstackLoggerProperties.Sink settings) {
      DataSize size = settings.getBufferBytes();
      if (size != null && size.toBytes() <= 0) {
        throw new InvalidSinkSettingException("buffer-bytes", size, "a positive size, e.g. 32MB");
      }
      return size == null ? null : size.toBytes();
    }

    static Integer maxRecordBytes(DagstackLoggerProperties.Sink settings) {
      DataSize size = settings.getMaxRecordBytes();
      if (size == null) {
        return null;
      }
      if (size.toBytes() < 1024 || size.toBytes() > JsonLinesEncoder.MAX_LINE_BYTES) {
        throw new InvalidSinkSettingException("max-record-bytes", size,
            "a size from 1KB to 64MB, e.g. 16MB");
      }
      return (int) size.toBytes();
    }
  }

  static final class ConsoleType extends BuiltInType<ConsoleSink> {
    ConsoleType() {
      super(CONSOLE, ConsoleSink.class, "mode", "stream", "format", "overflow", "buffer-size",
          "buffer-bytes", "max-record-bytes");
    }

    @Override
    public Sink create(String id, DagstackLoggerProperties.Sink settings) {
      ConsoleSink.Builder builder = ConsoleSink.builder().id(id).minSeverity(minSeverity(settings));
      if (settings.getMode() != null) {
        builder.mode(settings.getMode());
      }
      if (settings.getStream() == DagstackLoggerProperties.Stream.STDOUT) {
        // System.out itself, so that the sink can tell whether it is a terminal.
        builder.stream(System.out);
      }
      if (settings.terminal != null) {
        builder.terminal(settings.terminal);
      }
      if (settings.getFormat() != null) {
        builder.format(settings.getFormat());
      }
      OverflowPolicy overflow = settings.getOverflow();
      if (overflow != null) {
        builder.overflow(overflow);
      }
      Integer bufferSize = bufferSize(settings);
      if (bufferSize != null) {
        builder.bufferSize(bufferSize);
      }
      Long bufferBytes = bufferBytes(settings);
      if (bufferBytes != null) {
        builder.bufferBytes(bufferBytes);
      }
      Integer maxRecordBytes = maxRecordBytes(settings);
      if (maxRecordBytes != null) {
        builder.maxRecordBytes(maxRecordBytes);
      }
      return builder.build();
    }
  }

  static final class FileType extends BuiltInType<FileSink> {
    FileType() {
      super(FILE, FileSink.class, "path", "max-bytes", "keep", "format", "rotate-every", "zone",
          "max-age", "max-total-size", "compress", "overflow", "buffer-size", "buffer-bytes",
          "max-record-bytes");
    }

    @Override
    public Sink create(String id, DagstackLoggerProperties.Sink settings) {
      int minSeverity = minSeverity(settings);
      Integer bufferSize = bufferSize(settings);
      Long bufferBytes = bufferBytes(settings);
      Integer maxRecordBytes = maxRecordBytes(settings);
      if (!StringUtils.hasText(settings.getPath())) {
        throw new InvalidSinkSettingException("path", settings.getPath(),
            "a file sink needs the path of its file");
      }
      Path file;
      try {
        file = Path.of(settings.getPath());
      } catch (InvalidPathException e) {
        throw new InvalidSinkSettingException("path", settings.getPath(),
            "a valid file path (" + e.getMessage() + ")");
      }
      FileSink.Builder builder = FileSink.builder(file).id(id).minSeverity(minSeverity);
      if (settings.getMaxBytes() != null) {
        long maxBytes = settings.getMaxBytes().toBytes();
        if (maxBytes < 0) {
          throw new InvalidSinkSettingException("max-bytes", settings.getMaxBytes(),
              "a size of 0 (never rotate) or more, e.g. 100MB");
        }
        builder.maxBytes(maxBytes);
      }
      if (settings.getKeep() != null) {
        if (settings.getKeep() < 0) {
          throw new InvalidSinkSettingException("keep", settings.getKeep(),
              "0 (only the live file) or more rotated files");
        }
        builder.keep(settings.getKeep());
      }
      formatAndRotation(settings, builder);
      if (settings.getOverflow() != null) {
        builder.overflow(settings.getOverflow());
      }
      if (bufferSize != null) {
        builder.bufferSize(bufferSize);
      }
      if (bufferBytes != null) {
        builder.bufferBytes(bufferBytes);
      }
      if (maxRecordBytes != null) {
        builder.maxRecordBytes(maxRecordBytes);
      }
      try {
        return builder.build();
      } catch (IllegalArgumentException e) {
        throw new InvalidSinkSettingException("path", settings.getPath(),
            "a file the application can create and write (" + e.getMessage() + ")");
      }
    }
  }

  /** The file sink's line format, rotation by time, retention and compression. */
  private static void formatAndRotation(DagstackLoggerProperties.Sink settings,
      FileSink.Builder builder) {
    if (settings.getFormat() != null) {
      builder.format(settings.getFormat());
    }
    if (settings.getRotateEvery() != null) {
      builder.rotateEvery(settings.getRotateEvery());
    }
    if (settings.getZone() != null) {
      builder.zone(settings.getZone());
    }
    if (settings.getMaxAge() != null) {
      if (settings.getMaxAge().isNegative() || settings.getMaxAge().isZero()) {
        throw new InvalidSinkSettingException("max-age", settings.getMaxAge(), "a positive duration, e.g. 14d");
      }
      builder.maxAge(settings.getMaxAge());
    }
    if (settings.getMaxTotalSize() != null) {
      builder.maxTotalBytes(settings.getMaxTotalSize().toBytes());
    }
    if (settings.getCompress() != null) {
      builder.compress(settings.getCompress());
    }
    if (settings.getRotateEvery() == null && (Boolean.TRUE.equals(settings.getCompress())
        || settings.getMaxAge() != null || settings.getMaxTotalSize() != null)) {
      throw new InvalidSinkSettingException("rotate-every", null,
          "hourly or daily: compress, max-age and max-total-size apply to dated rotated files");
    }
  }

  static final class InMemoryType extends BuiltInType<InMemorySink> {
    InMemoryType() {
      super(IN_MEMORY, InMemorySink.class, "capacity");
    }

    @Override
    public Sink create(String id, DagstackLoggerProperties.Sink settings) {
      int minSeverity = minSeverity(settings);
      int capacity = settings.getCapacity() == null ? DEFAULT_IN_MEMORY_CAPACITY : settings.getCapacity();
      if (capacity <= 0) {
        throw new InvalidSinkSettingException("capacity", capacity,
            "a whole number of records, 1 or more (e.g. 1000)");
      }
      return new InMemorySink(id, capacity, minSeverity);
    }
  }
}
