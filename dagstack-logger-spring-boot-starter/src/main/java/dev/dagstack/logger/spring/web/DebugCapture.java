package dev.dagstack.logger.spring.web;

import dev.dagstack.logger.Attrs;
import dev.dagstack.logger.Severity;
import dev.dagstack.logger.context.LoggingScope;
import dev.dagstack.logger.internal.Diagnostics;
import dev.dagstack.logger.sink.Sink;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who may turn on debug capture for a request, and what it does. A request is accepted when its
 * debug header equals the token (compared in constant time) and, if ranges are given, its remote
 * address is in one of them. Without a token nothing is ever accepted (fail closed). A refused
 * request is served normally; refusals are counted ({@code dagstack.debug.refused_total} on each
 * report) and reported on the diagnostic channel at most once every ten seconds however many
 * arrive; the refusals the rate limit held back are summarised at the next flush, at close and
 * at shutdown, so none goes unreported.
 */
public final class DebugCapture {

  /** The response header that carries the request id of an accepted debug request. */
  public static final String DEBUG_ID_HEADER = "X-Dagstack-Debug-Id";

  private final String header;
  private final byte[] tokenDigest;
  private final List<AddressRange> allowedAddresses;
  private final int threshold;
  private final List<Sink> sinks;
  private final AtomicLong refused = new AtomicLong();
  private final boolean captureBodies;

  /**
   * @param header the request header carrying the token
   * @param token the secret, or {@code null}/empty to keep debug capture off
   * @param allowedAddresses ranges the remote address must be in; empty allows every address
   * @param threshold the severity a debug request is logged down to (1-24)
   * @param sinks sinks that also receive every record of a debug request
   */
  public DebugCapture(String header, String token, List<AddressRange> allowedAddresses,
      int threshold, List<? extends Sink> sinks) {
    this(header, token, allowedAddresses, threshold, sinks, false);
  }

  /**
   * As the five-argument constructor; {@code captureBodies} also keeps the AI-agent bodies
   * (spec §5.5) of a debug request, and of no other.
   */
  public DebugCapture(String header, String token, List<AddressRange> allowedAddresses,
      int threshold, List<? extends Sink> sinks, boolean captureBodies) {
    if (!Severity.isValid(threshold)) {
      throw new IllegalArgumentException("debug threshold must be 1-24, got " + threshold);
    }
    this.header = header;
    this.tokenDigest = token == null || token.isEmpty() ? null : digest(token);
    this.allowedAddresses = List.copyOf(allowedAddresses);
    this.threshold = threshold;
    this.sinks = List.copyOf(sinks);
    this.captureBodies = captureBodies;
  }

  /**
   * Whether {@code request} asks for debug capture and may have it. Requests without the header
   * return {@code false} at the cost of one header lookup.
   */
  boolean admit(HttpServletRequest request) {
    String presented = request.getHeader(header);
    if (presented == null) {
      return false;
    }
    String remote = request.getRemoteAddr();
    if (tokenDigest == null) {
      Diagnostics.warnLimited("web.debug.off", "a request carried the debug header " + header
          + " but dagstack.logger.web.debug.token is not set: debug capture is off",
          Attrs.of("client.address", String.valueOf(remote),
              "dagstack.debug.refused_total", refused.incrementAndGet()));
      return false;
    }
    // Both checks always run, so the answer's timing does not tell which one failed.
    boolean tokenMatches = MessageDigest.isEqual(tokenDigest, digest(presented));
    boolean addressAllowed = isAllowed(remote);
    if (tokenMatches && addressAllowed) {
      return true;
    }
    String reason = !tokenMatches ? "wrong debug token" : "remote address not allowed";
    Diagnostics.warnLimited("web.debug.refused", "debug capture refused for " + remote + ": "
        + reason + "; the request is served without it",
        Attrs.of("client.address", String.valueOf(remote),
            "dagstack.debug.refused_total", refused.incrementAndGet()));
    return false;
  }

  /** How many requests asked for debug capture and were refused since this was made. */
  long refusedCount() {
    return refused.get();
  }

  private boolean isAllowed(String remote) {
    if (allowedAddresses.isEmpty()) {
      return true;
    }
    InetAddress address = AddressRange.parseLiteral(remote);
    if (address == null) {
      return false;
    }
    for (AddressRange range : allowedAddresses) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** Adds the lowered threshold and the debug sinks to a request's scope. */
  void applyTo(LoggingScope.Builder scope) {
    scope.threshold(threshold).appendSinks(sinks);
    if (captureBodies) {
      scope.captureBodies();
    }
  }

  /** SHA-256, so that tokens of different lengths compare in the same time too. */
  private static byte[] digest(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
