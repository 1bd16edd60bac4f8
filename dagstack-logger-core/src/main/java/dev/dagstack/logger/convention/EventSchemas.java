package dev.dagstack.logger.convention;

import dev.dagstack.logger.record.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The typed-event schemas (spec §5.2): one YAML file per domain, read with SnakeYAML. Immutable.
 *
 * <pre>
 * # META-INF/dagstack/events/dev.dagstack.sample.yaml
 * domain: dev.dagstack.sample          # optional; defaults to the file name without .yaml
 * events:
 *   order_placed:
 *     schema_version: 1
 *     severity_hint: INFO              # a level name or a number 1..24
 *     required_attributes: [order.id, order.item, order.quantity]
 *     optional_attributes: [order.total]
 *     description: An order was accepted and stored.
 * </pre>
 *
 * <p>Domains are reverse-DNS names (at least two dot-separated labels of lowercase letters,
 * digits, {@code _} and {@code -}); {@code dagstack.*}, {@code operation.*} and
 * {@code progress.*} are reserved. Any problem (YAML syntax, a wrong shape, an unknown key, a
 * bad severity, a reserved domain, a domain defined twice) is an {@link EventSchemaException}
 * whose message starts with {@code file:line:column:}.
 */
public final class EventSchemas {

  /** Where schema files are found on the classpath. */
  public static final String CLASSPATH_DIRECTORY = "META-INF/dagstack/events";

  private static final Pattern DOMAIN =
      Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)+");
  private static final List<String> EVENT_KEYS = List.of("schema_version", "severity_hint",
      "required_attributes", "optional_attributes", "description");
  private static final EventSchemas EMPTY = new EventSchemas(Map.of());

  /** Events by domain, then by name. */
  private final Map<String, Map<String, EventSchema>> domains;

  private EventSchemas(Map<String, Map<String, EventSchema>> domains) {
    this.domains = domains;
  }

  /** No schemas. */
  public static EventSchemas empty() {
    return EMPTY;
  }

  /**
   * The schema files under {@link #CLASSPATH_DIRECTORY} of {@code classLoader}, then those of
   * {@code locations}: each a file or a directory (its {@code *.yaml} and {@code *.yml} files),
   * as a path or as {@code classpath:<resource>}.
   *
   * @throws EventSchemaException naming the file, line and problem, or the missing location
   */
  public static EventSchemas load(ClassLoader classLoader, Collection<String> locations) {
    return fromTexts(read(classLoader, locations), null);
  }

  /**
   * As {@link #load}, but a broken file (bad YAML, a bad entry, a domain defined twice) is left
   * out and handed to {@code badFile} while the other files are kept: for the default
   * configuration, read lazily on the first event, where nobody could fix a file before it fails.
   * A missing location still throws.
   */
  static EventSchemas loadKeepingValid(ClassLoader classLoader, Collection<String> locations,
      Consumer<EventSchemaException> badFile) {
    return fromTexts(read(classLoader, locations), badFile);
  }

  private static Map<String, String> read(ClassLoader classLoader, Collection<String> locations) {
    Map<String, String> texts = new LinkedHashMap<>();
    ClassLoader loader = classLoader != null ? classLoader : EventSchemas.class.getClassLoader();
    java.util.Set<String> jarsSeen = new java.util.HashSet<>();
    classpathFiles(loader, CLASSPATH_DIRECTORY, true, texts, jarsSeen);
    classpathJarsWithoutDirectoryEntries(loader, texts, jarsSeen);
    for (String location : locations) {
      if (location == null || location.isBlank()) {
        throw new EventSchemaException("an event schema location is empty");
      }
      if (location.startsWith("classpath:")) {
        String resource = location.substring("classpath:".length()).replaceAll("^/+|/+$", "");
        if (!classpathFiles(loader, resource, false, texts, new java.util.HashSet<>())) {
          throw new EventSchemaException(
              "event schema location " + location + " does not exist on the classpath");
        }
      } else {
        pathFiles(Paths.get(location), location, texts);
      }
    }
    return texts;
  }

  /**
   * Schema files already read, by source (a path or URL, used in messages and for the default
   * domain), in the order given; for integrations that find files their own way (the Spring
   * starter reads Spring resource locations).
   *
   * @throws EventSchemaException naming the file, line and problem, or a domain defined twice
   */
  public static EventSchemas fromTexts(Map<String, String> texts) {
    return fromTexts(texts, null);
  }

  /** {@code badFile} null: the first broken file throws; otherwise it is skipped and handed on. */
  private static EventSchemas fromTexts(Map<String, String> texts,
      Consumer<EventSchemaException> badFile) {
    if (texts.isEmpty()) {
      return EMPTY;
    }
    Map<String, Map<String, EventSchema>> all = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    for (Map.Entry<String, String> file : texts.entrySet()) {
      try {
        Parsed parsed = parse(file.getKey(), file.getValue());
        String previous = sources.putIfAbsent(parsed.domain, file.getKey());
        // The same file reached twice (one jar through two class path routes) is read once.
        if (previous != null && !previous.equals(file.getKey())
            && !texts.get(previous).equals(file.getValue())) {
          throw new EventSchemaException(file.getKey() + ":" + parsed.domainLine + ": domain "
              + parsed.domain + " is already defined by " + previous
              + " (one schema file per domain)");
        }
        all.put(parsed.domain, parsed.events);
      } catch (EventSchemaException e) {
        if (badFile == null) {
          throw e;
        }
        badFile.accept(e);
      }
    }
    return new EventSchemas(Collections.unmodifiableMap(all));
  }

  /**
   * One schema file's text; {@code source} names it in messages and gives the default domain
   * (the file name without its extension).
   *
   * @throws EventSchemaException naming the file, line and problem
   */
  public static EventSchemas parse(String source, Reader text) {
    String content;
    try {
      StringBuilder all = new StringBuilder();
      char[] buffer = new char[4096];
      for (int n; (n = text.read(buffer)) > 0; ) {
        all.append(buffer, 0, n);
      }
      content = all.toString();
    } catch (IOException e) {
      throw new EventSchemaException(source + ": cannot be read: " + e.getMessage(), e);
    }
    Parsed parsed = parse(source, content);
    return new EventSchemas(Map.of(parsed.domain, parsed.events));
  }

  /** The schema of {@code domain}/{@code name}, if one is defined. */
  public Optional<EventSchema> find(String domain, String name) {
    Map<String, EventSchema> events = domains.get(domain);
    return Optional.ofNullable(events == null ? null : events.get(name));
  }

  /** The domains defined, in load order. */
  public Collection<String> domains() {
    return domains.keySet();
  }

  /** Whether {@code domain} may not be used by application events or schema files. */
  public static boolean isReserved(String domain) {
    String normalized = normalized(domain);
    return hasPrefix(normalized, "dagstack") || hasPrefix(normalized, "operation")
        || hasPrefix(normalized, "progress");
  }

  /** {@code domain} as a reservation check compares it: without surrounding blanks, lower case. */
  static String normalized(String domain) {
    return domain.strip().toLowerCase(java.util.Locale.ROOT);
  }

  private static boolean hasPrefix(String domain, String prefix) {
    return domain.equals(prefix) || domain.startsWith(prefix + ".");
  }

  @Override
  public String toString() {
    return "EventSchemas" + domains.keySet();
  }

  // ---------------------------------------------------------------------------------- reading

  /** Adds the YAML files of a classpath directory or file; returns whether it exists. */
  private static boolean classpathFiles(ClassLoader loader, String resource, boolean directory,
      Map<String, String> texts, java.util.Set<String> jarsSeen) {
    boolean found = false;
    try {
      Enumeration<URL> urls = loader.getResources(resource);
      while (urls.hasMoreElements()) {
        URL url = urls.nextElement();
        found = true;
        if ("file".equals(url.getProtocol())) {
          Path path = Paths.get(url.toURI());
          pathFiles(path, path.toString(), texts);
        } else if ("jar".equals(url.getProtocol())) {
          jarFiles(url, resource, texts, jarsSeen);
        } else if (!directory) {
          texts.put(url.toString(), read(url));
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new EventSchemaException(
          "cannot list event schema files under classpath:" + resource + ": " + e, e);
    }
    return found;
  }

  private static void jarFiles(URL url, String resource, Map<String, String> texts,
      java.util.Set<String> jarsSeen) throws IOException {
    URLConnection connection = url.openConnection();
    if (!(connection instanceof JarURLConnection)) {
      texts.put(url.toString(), read(url));
      return;
    }
    JarURLConnection jar = (JarURLConnection) connection;
    jar.setUseCaches(false);
    try (JarFile file = jar.getJarFile()) {
      jarsSeen.add(file.getName());
      String entryName = jar.getEntryName();
      JarEntry entry = entryName == null ? null : file.getJarEntry(entryName);
      if (entry != null && !entry.isDirectory()) {
        texts.put(url.toString(), read(url));
        return;
      }
      String prefix = resource.endsWith("/") ? resource : resource + "/";
      TreeSet<String> names = new TreeSet<>();
      for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
        String name = entries.nextElement().getName();
        if (name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0 && isYaml(name)) {
          names.add(name);
        }
      }
      String base = url.toString().substring(0, url.toString().indexOf("!/") + 2);
      for (String name : names) {
        URL each = new URL(base + name);
        texts.put(each.toString(), read(each));
      }
    }
  }

  /**
   * Jars built without directory entries (some shading tools leave them out) are invisible to
   * {@code getResources(directory)}: the jars of the class path and of URL class loaders are
   * listed directly, except those already read.
   */
  private static void classpathJarsWithoutDirectoryEntries(ClassLoader loader,
      Map<String, String> texts, java.util.Set<String> jarsSeen) throws EventSchemaException {
    java.util.Set<String> jars = new java.util.LinkedHashSet<>();
    for (ClassLoader l = loader; l != null; l = l.getParent()) {
      if (l instanceof java.net.URLClassLoader) {
        for (URL url : ((java.net.URLClassLoader) l).getURLs()) {
          if ("file".equals(url.getProtocol()) && url.getPath().endsWith(".jar")) {
            try {
              jars.add(Paths.get(url.toURI()).toString());
            } catch (URISyntaxException | IllegalArgumentException e) {
              // Not a local file: nothing to list.
            }
          }
        }
      }
    }
    if (loader == ClassLoader.getSystemClassLoader()
        || loader == Thread.currentThread().getContextClassLoader()) {
      for (String entry : System.getProperty("java.class.path", "")
          .split(java.io.File.pathSeparator)) {
        if (entry.endsWith(".jar")) {
          jars.add(Paths.get(entry).toAbsolutePath().toString());
        }
      }
    }
    String prefix = CLASSPATH_DIRECTORY + "/";
    for (String jar : jars) {
      if (jarsSeen.contains(jar) || !Files.isRegularFile(Paths.get(jar))) {
        continue;
      }
      try (JarFile file = new JarFile(jar)) {
        TreeSet<String> names = new TreeSet<>();
        for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
          String name = entries.nextElement().getName();
          if (name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0
              && isYaml(name)) {
            names.add(name);
          }
        }
        for (String name : names) {
          try (InputStream in = file.getInputStream(file.getJarEntry(name))) {
            texts.put("jar:" + Paths.get(jar).toUri() + "!/" + name,
                new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      } catch (IOException e) {
        throw new EventSchemaException("cannot read event schema files in " + jar + ": " + e, e);
      }
    }
  }

  private static void pathFiles(Path path, String shown, Map<String, String> texts) {
    try {
      if (Files.isDirectory(path)) {
        List<Path> files;
        try (Stream<Path> list = Files.list(path)) {
          files = list.filter(p -> isYaml(p.getFileName().toString()) && Files.isRegularFile(p))
              .sorted().collect(java.util.stream.Collectors.toList());
        }
        for (Path file : files) {
          texts.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        }
      } else if (Files.isRegularFile(path)) {
        texts.put(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
      } else {
        throw new EventSchemaException("event schema location " + shown + " does not exist");
      }
    } catch (IOException | UncheckedIOException e) {
      throw new EventSchemaException(shown + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private static boolean isYaml(String name) {
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static String read(URL url) throws IOException {
    try (InputStream in = url.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  // ---------------------------------------------------------------------------------- parsing

  private static final class Parsed {
    final String domain;
    final int domainLine;
    final Map<String, EventSchema> events;

    Parsed(String domain, int domainLine, Map<String, EventSchema> events) {
      this.domain = domain;
      this.domainLine = domainLine;
      this.events = events;
    }
  }

  /**
   * A schema file shipped by a convention pack of this library (spec §5.5): its domain is one
   * of the pack's reserved ones, which application files may not use.
   */
  static EventSchemas parsePack(String source, String content) {
    Parsed parsed = parse(source, content, true);
    return new EventSchemas(Map.of(parsed.domain, parsed.events));
  }

  private static Parsed parse(String source, String content) {
    return parse(source, content, false);
  }

  private static Parsed parse(String source, String content, boolean pack) {
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(new SafeConstructor(options)).compose(new java.io.StringReader(content));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new EventSchemaException(at(source, mark) + "invalid YAML: " + problem
          + (e.getContext() != null ? " (" + e.getContext() + ")" : ""), e);
    } catch (RuntimeException e) {
      throw new EventSchemaException(source + ": invalid YAML: " + e.getMessage(), e);
    } catch (LinkageError e) {
      throw new EventSchemaException(source + ": reading event schema files needs SnakeYAML"
          + " (org.yaml:snakeyaml) on the classpath", e);
    }
    if (root == null) {
      throw new EventSchemaException(source + ":1:1: the file is empty; expected a map with"
          + " 'events'");
    }
    MappingNode top = mapping(source, root, "the file");
    Map<String, Node> keys = entries(source, top, "the file", List.of("domain", "events"));
    String domain = defaultDomain(source);
    int domainLine = 1;
    Node domainNode = keys.get("domain");
    if (domainNode != null) {
      domain = scalar(source, domainNode, "domain");
      domainLine = domainNode.getStartMark().getLine() + 1;
    }
    Node at = domainNode != null ? domainNode : root;
    if (pack) {
      if (!AiAgentEvents.isPackDomain(domain)) {
        throw new EventSchemaException(at(source, at.getStartMark()) + "domain '" + domain
            + "' is not a convention pack's domain");
      }
    } else if (isReserved(domain)) {
      throw new EventSchemaException(at(source, at.getStartMark()) + "domain '" + domain
          + "' is reserved (dagstack.*, operation.*, progress.*)");
    }
    if (!pack && !DOMAIN.matcher(domain).matches()) {
      throw new EventSchemaException(at(source, at.getStartMark()) + "domain '" + domain
          + "' is not a reverse-DNS name (e.g. com.example.orders: lowercase labels joined by"
          + " dots)" + (domainNode == null ? "; set 'domain' or rename the file" : ""));
    }
    Node eventsNode = keys.get("events");
    if (eventsNode == null) {
      throw new EventSchemaException(at(source, top.getStartMark()) + "'events' is missing");
    }
    MappingNode eventsMap = mapping(source, eventsNode, "events");
    Map<String, EventSchema> events = new LinkedHashMap<>();
    for (NodeTuple tuple : eventsMap.getValue()) {
      String name = scalar(source, tuple.getKeyNode(), "an event name");
      if (name.isBlank()) {
        throw new EventSchemaException(at(source, tuple.getKeyNode().getStartMark())
            + "an event name is empty");
      }
      if (events.containsKey(name)) {
        throw new EventSchemaException(at(source, tuple.getKeyNode().getStartMark())
            + "event " + name + " is defined twice");
      }
      events.put(name, event(source, domain, name, tuple.getValueNode()));
    }
    return new Parsed(domain, domainLine, Collections.unmodifiableMap(events));
  }

  private static EventSchema event(String source, String domain, String name, Node node) {
    String where = "events." + name;
    Map<String, Node> keys = entries(source, mapping(source, node, where), where, EVENT_KEYS);
    Object version = 1L;
    Node versionNode = keys.get("schema_version");
    if (versionNode != null) {
      String text = scalar(source, versionNode, where + ".schema_version");
      Tag tag = versionNode.getTag();
      if (Tag.INT.equals(tag)) {
        try {
          version = Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw new EventSchemaException(at(source, versionNode.getStartMark()) + where
              + ".schema_version " + text + " is out of range");
        }
      } else if (text.isBlank()) {
        throw new EventSchemaException(at(source, versionNode.getStartMark()) + where
            + ".schema_version is empty");
      } else {
        version = text;
      }
    }
    int severity = Severity.INFO;
    Node severityNode = keys.get("severity_hint");
    if (severityNode != null) {
      String text = scalar(source, severityNode, where + ".severity_hint");
      try {
        severity = Severity.parse(text);
      } catch (IllegalArgumentException e) {
        throw new EventSchemaException(at(source, severityNode.getStartMark()) + where
            + ".severity_hint: " + e.getMessage());
      }
    }
    List<String> required = names(source, keys.get("required_attributes"),
        where + ".required_attributes");
    List<String> optional = names(source, keys.get("optional_attributes"),
        where + ".optional_attributes");
    for (String key : optional) {
      if (required.contains(key)) {
        throw new EventSchemaException(at(source, keys.get("optional_attributes").getStartMark())
            + where + ": attribute " + key + " is both required and optional");
      }
    }
    Node descriptionNode = keys.get("description");
    String description = descriptionNode == null ? ""
        : scalar(source, descriptionNode, where + ".description");
    return new EventSchema(domain, name, version, severity, required, optional, description,
        source);
  }

  private static List<String> names(String source, Node node, String where) {
    if (node == null) {
      return List.of();
    }
    if (!(node instanceof SequenceNode)) {
      throw new EventSchemaException(at(source, node.getStartMark()) + where
          + " must be a list of attribute names");
    }
    List<String> names = new ArrayList<>();
    for (Node item : ((SequenceNode) node).getValue()) {
      String name = scalar(source, item, "an entry of " + where);
      if (name.isBlank()) {
        throw new EventSchemaException(at(source, item.getStartMark()) + where
            + " contains an empty attribute name");
      }
      if (names.contains(name)) {
        throw new EventSchemaException(at(source, item.getStartMark()) + where + " lists "
            + name + " twice");
      }
      names.add(name);
    }
    return names;
  }

  private static MappingNode mapping(String source, Node node, String what) {
    if (!(node instanceof MappingNode)) {
      throw new EventSchemaException(at(source, node.getStartMark()) + what + " must be a map");
    }
    return (MappingNode) node;
  }

  /** The entries of a map with scalar keys, each one of {@code allowed}. */
  private static Map<String, Node> entries(String source, MappingNode map, String what,
      List<String> allowed) {
    Map<String, Node> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      String key = scalar(source, tuple.getKeyNode(), "a key of " + what);
      if (!allowed.contains(key)) {
        throw new EventSchemaException(at(source, tuple.getKeyNode().getStartMark())
            + "unknown key '" + key + "' in " + what + "; expected one of " + allowed);
      }
      if (entries.containsKey(key)) {
        throw new EventSchemaException(at(source, tuple.getKeyNode().getStartMark())
            + "key '" + key + "' appears twice in " + what);
      }
      entries.put(key, tuple.getValueNode());
    }
    return entries;
  }

  private static String scalar(String source, Node node, String what) {
    if (!(node instanceof ScalarNode) || Tag.NULL.equals(node.getTag())) {
      throw new EventSchemaException(at(source, node.getStartMark()) + what
          + " must be a plain value");
    }
    return ((ScalarNode) node).getValue();
  }

  /** {@code file:line:column: } (1-based). */
  private static String at(String source, Mark mark) {
    if (mark == null) {
      return source + ": ";
    }
    return source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": ";
  }

  private static String defaultDomain(String source) {
    String name = source.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
