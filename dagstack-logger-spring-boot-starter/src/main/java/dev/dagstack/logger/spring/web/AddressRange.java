package dev.dagstack.logger.spring.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A CIDR range of IPv4 or IPv6 addresses ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare
 * address is a single host). Only address literals are accepted: parsing never resolves a name.
 */
public final class AddressRange {

  private final byte[] network;
  private final int prefixLength;
  private final String text;

  private AddressRange(byte[] network, int prefixLength, String text) {
    this.network = network;
    this.prefixLength = prefixLength;
    this.text = text;
  }

  /**
   * Parses {@code cidr}.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  public static AddressRange parse(String cidr) {
    if (cidr == null || cidr.isBlank()) {
      throw new IllegalArgumentException("an empty address range");
    }
    String text = cidr.strip();
    int slash = text.indexOf('/');
    String addressPart = slash < 0 ? text : text.substring(0, slash);
    InetAddress address = parseLiteral(addressPart);
    if (address == null) {
      throw new IllegalArgumentException("'" + addressPart + "' is not an IPv4 or IPv6 address");
    }
    int bits = address.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String prefixPart = text.substring(slash + 1);
      try {
        prefix = Integer.parseInt(prefixPart);
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits || !prefixPart.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("the prefix length must be a number from 0 to " + bits
            + " for this address, got '" + prefixPart + "'");
      }
    }
    return new AddressRange(address.getAddress(), prefix, text);
  }

  /**
   * The address of an IPv4 (dotted quad) or IPv6 literal, or {@code null} when {@code text} is
   * not one. IPv4-mapped IPv6 addresses come back as IPv4.
   */
  public static InetAddress parseLiteral(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      if (text.indexOf(':') >= 0) {
        // With a colon the JDK parses an IPv6 literal and never looks a name up.
        return text.indexOf('%') >= 0 ? null : InetAddress.getByName(text);
      }
      return isDottedQuad(text) ? InetAddress.getByName(text) : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean isDottedQuad(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code address} is in this range (an IPv4 address is never in an IPv6 range). */
  public boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    if (candidate.length != network.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int remainingBits = prefixLength % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = 0xff << (8 - remainingBits) & 0xff;
    return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
  }

  @Override
  public String toString() {
    return text;
  }
}
