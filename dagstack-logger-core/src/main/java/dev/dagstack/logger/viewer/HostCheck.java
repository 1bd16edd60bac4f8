package dev.dagstack.logger.viewer;

import java.util.List;
import java.util.Locale;

/**
 * Which {@code Host} header values the viewer answers (protection against DNS rebinding: a web
 * page whose domain was re-bound to the viewer's address sends its own name and is refused). Both
 * hosts use it: the CLI's server (loopback names with its port or none) and the Spring starter
 * ({@code dagstack.logger.viewer.allowed-hosts}).
 *
 * <p>A pattern is a host name or address ({@code localhost}, {@code 127.0.0.1}, {@code [::1]},
 * {@code viewer.example.com}), matching it with any port; {@code name:port}, matching only that
 * port; {@code *.example.com}, matching any name that ends with {@code .example.com}; or {@code *},
 * matching everything (the check is off). Names compare case-insensitively. A request without a
 * Host header, or with more than one, is refused.
 *
 * <p>Not part of the supported API: public for the Spring Boot starter
 * ({@code dagstack.logger.viewer.allowed-hosts}) only; may change without notice.
 */
public final class HostCheck {

  /** The loopback names a local browser uses. */
  public static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "[::1]");

  private final List<String> patterns;
  /** The patterns as parsed once, in order. */
  private final Pattern[] parsed;
  private final boolean allowsAll;
  /** The only port a Host may name (the CLI's server), or {@code null}: any. */
  private final String port;

  /**
   * One pattern: the name ({@code *.example.com} as the {@code .example.com} a name must end
   * with, after at least one character), and the port it wants ({@code null}: any).
   */
  private record Pattern(String name, boolean suffix, String port) {

    static Pattern parse(String pattern) {
      int colon = portColon(pattern);
      String name = colon < 0 ? pattern : pattern.substring(0, colon);
      String port = colon < 0 ? null : pattern.substring(colon + 1);
      boolean suffix = name.startsWith("*.");
      return new Pattern(suffix ? name.substring(1) : name, suffix, port);
    }

    boolean matches(String hostName, String hostPort) {
      if (port != null && !port.equals(hostPort)) {
        return false;
      }
      return suffix ? hostName.endsWith(name) && hostName.length() > name.length()
          : hostName.equals(name);
    }
  }

  private HostCheck(List<String> patterns, int port) {
    this.patterns = patterns;
    this.parsed = patterns.stream().map(Pattern::parse).toArray(Pattern[]::new);
    this.allowsAll = patterns.contains("*");
    this.port = port >= 0 ? Integer.toString(port) : null;
  }

  /**
   * A check allowing the given patterns (see the class comment).
   *
   * @throws IllegalArgumentException naming a blank pattern, or one with a bad port
   */
  public static HostCheck of(List<String> patterns) {
    List<String> normal = patterns.stream().map(p -> p == null ? "" : p.strip().toLowerCase(Locale.ROOT))
        .toList();
    for (String p : normal) {
      if (p.isEmpty()) {
        throw new IllegalArgumentException("a Host pattern is blank; give a host name such as"
            + " localhost, a pattern such as *.example.com, or * to allow every Host");
      }
      int colon = portColon(p);
      if (colon >= 0 && !p.substring(colon + 1).matches("[0-9]{1,5}")) {
        throw new IllegalArgumentException("Host pattern '" + p + "': the port after ':' must be a number");
      }
    }
    return new HostCheck(normal, -1);
  }

  /** The loopback names, with {@code port} or without a port (the CLI's check). */
  static HostCheck loopback(int port) {
    return new HostCheck(LOOPBACK, port);
  }

  /** Whether the check is off ({@code *} among the patterns). */
  public boolean allowsAll() {
    return allowsAll;
  }

  /**
   * Whether a request with these {@code Host} header values may be answered: exactly one value,
   * matching a pattern.
   */
  public boolean allows(List<String> hosts) {
    if (allowsAll) {
      return true;
    }
    return hosts != null && hosts.size() == 1 && allows(hosts.get(0));
  }

  /** Whether one {@code Host} header value matches a pattern; a null one never does (unless {@code *}). */
  public boolean allows(String host) {
    if (allowsAll) {
      return true;
    }
    if (host == null) {
      return false;
    }
    String name = host.strip().toLowerCase(Locale.ROOT);
    String hostPort = null;
    int colon = portColon(name);
    if (colon >= 0) {
      hostPort = name.substring(colon + 1);
      name = name.substring(0, colon);
    }
    if (port != null && hostPort != null && !hostPort.equals(port)) {
      return false;
    }
    for (Pattern pattern : parsed) {
      if (pattern.matches(name, hostPort)) {
        return true;
      }
    }
    return false;
  }

  /** The index of the ':' before a port, or -1 (an IPv6 literal's colons are inside brackets). */
  private static int portColon(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    return colon >= 0 && colon > hostAndPort.lastIndexOf(']') && hostAndPort.indexOf(':') == colon
        || colon >= 0 && hostAndPort.startsWith("[") && colon > hostAndPort.lastIndexOf(']') ? colon : -1;
  }

  /** The allowed patterns, for messages. */
  public List<String> patterns() {
    return patterns;
  }

  @Override
  public String toString() {
    return "HostCheck" + patterns + (port != null ? " port " + port : "");
  }
}
