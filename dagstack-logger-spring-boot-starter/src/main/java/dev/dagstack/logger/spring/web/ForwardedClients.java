package dev.dagstack.logger.spring.web;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the hops of the {@code Forwarded} (RFC 7239, its {@code for=} parameters) and
 * {@code X-Forwarded-For} headers, client first. A hop that is not an IP literal (a name,
 * {@code unknown}, an obfuscated {@code _id}, an element without {@code for=}, an empty entry)
 * comes back as {@code null}: the caller treats it as unknown.
 */
final class ForwardedClients {

  private ForwardedClients() {}

  /** The {@code for=} node of each element of the {@code Forwarded} header lines, in order. */
  static List<String> forwarded(List<String> lines) {
    List<String> hops = new ArrayList<>();
    for (String line : lines) {
      for (String element : split(line, ',')) {
        String node = null;
        for (String pair : split(element, ';')) {
          int eq = pair.indexOf('=');
          if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase("for")) {
            node = node(unquote(pair.substring(eq + 1).strip()));
            break;
          }
        }
        hops.add(node);
      }
    }
    return hops;
  }

  /** Each entry of the {@code X-Forwarded-For} header lines, in order. */
  static List<String> xForwardedFor(List<String> lines) {
    List<String> hops = new ArrayList<>();
    for (String line : lines) {
      for (String entry : line.split(",", -1)) {
        hops.add(node(entry.strip()));
      }
    }
    return hops;
  }

  /** {@code text} split at {@code separator} outside double quotes. */
  private static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && quoted) {
        i++;
      } else if (c == separator && !quoted) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
      return value.substring(1, value.length() - 1).replace("\\", "");
    }
    return value;
  }

  /**
   * The address of a node ({@code 192.0.2.1}, {@code 192.0.2.1:8080}, {@code [2001:db8::1]},
   * {@code [2001:db8::1]:8080}, {@code 2001:db8::1}), or {@code null} when it is not an IP
   * literal.
   */
  static String node(String node) {
    if (node.isEmpty()) {
      return null;
    }
    String address = node;
    if (address.charAt(0) == '[') {
      int close = address.indexOf(']');
      if (close < 0) {
        return null;
      }
      String rest = address.substring(close + 1);
      if (!rest.isEmpty() && !isPort(rest)) {
        return null;
      }
      address = address.substring(1, close);
    } else {
      int colon = address.indexOf(':');
      if (colon >= 0 && colon == address.lastIndexOf(':')) {
        // One colon: IPv4 with a port; a bare IPv6 literal has several.
        if (!isPort(address.substring(colon))) {
          return null;
        }
        address = address.substring(0, colon);
      }
    }
    return AddressRange.parseLiteral(address) == null ? null : address;
  }

  private static boolean isPort(String text) {
    return text.length() > 1 && text.length() <= 6 && text.charAt(0) == ':'
        && text.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
