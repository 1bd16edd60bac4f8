package dev.dagstack.logger.spring.web;

import dev.dagstack.logger.context.LoggingScope;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.Sink;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Who may turn on debug capture for a request, and what it does: the one access decision both
 * the servlet {@link RequestScopeFilter} and the WebFlux {@link RequestScopeWebFilter} use.
 *
 * <p>A request is accepted when its debug header equals the token (compared in constant time)
 * and, if allowed ranges are given, its client address is in one of them. The client address is
 * the connection's peer address; {@code Forwarded} / {@code X-Forwarded-For} are believed only
 * when that peer is one of the trusted proxies, and then the client is the right-most hop that
 * is not a trusted proxy itself (a hop that is not an IP literal, or the two headers naming
 * different clients, makes the client unknown, which no range allows). Without a token nothing
 * is ever accepted (fail closed); a blank token warns once when this is built.
 *
 * <p>A refused request is served normally. Refusals are counted ({@link #refusedCount()},
 * {@code dagstack.debug.refused_total} on each report) and reported on the diagnostic channel at
 * most once every ten seconds however many arrive. After {@code refusal-limit} refusals of one
 * client address within {@code refusal-window} (default 5 per minute), that address's debug
 * header is ignored without a check until the window ends, counted in {@link #throttledCount()}
 * and reported (rate-limited) as well.
 */
public final class DebugCapture {

  /** The response header that carries the request id of an accepted debug request. */
  public static final String DEBUG_ID_HEADER = "X-Dagstack-Debug-Id";

  /** The property that holds the token, named in reports. */
  static final String TOKEN_PROPERTY = "dagstack.logger.web.debug.token";

  private static final String FORWARDED = RequestScopeFilter.FORWARDED;
  private static final String X_FORWARDED_FOR = RequestScopeFilter.X_FORWARDED_FOR;

  /** Below this length a token is reported at startup as guessable (and mangling records). */
  static final int MIN_TOKEN_LENGTH = 16;

  private final String header;
  private final byte[] tokenDigest;
  private final List<AddressRange> allowedAddresses;
  private final List<AddressRange> trustedProxies;
  private final RefusalThrottle throttle;
  private final int threshold;
  private final List<Sink> sinks;
  private final boolean captureBodies;
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();

  private DebugCapture(Builder b) {
    if (!Severity.isValid(b.threshold)) {
      throw new IllegalArgumentException("debug threshold must be 1-24, got " + b.threshold);
    }
    this.header = Objects.requireNonNull(b.header, "header");
    boolean blank = b.token == null || b.token.isBlank();
    if (b.token != null && blank) {
      Diagnostics.warn(TOKEN_PROPERTY + " is set but blank: debug capture is off until it"
          + " holds a secret");
    } else if (!blank && b.token.length() < MIN_TOKEN_LENGTH) {
      Diagnostics.warn(TOKEN_PROPERTY + " is only " + b.token.length() + " characters long: a"
          + " short token is easy to guess, and every occurrence of it in a record is masked"
          + " (keys and values), which mangles records; use at least " + MIN_TOKEN_LENGTH
          + " random characters");
    }
    this.tokenDigest = blank ? null : digest(b.token);
    this.allowedAddresses = List.copyOf(b.allowedAddresses);
    this.trustedProxies = List.copyOf(b.trustedProxies);
    this.throttle = new RefusalThrottle(b.refusalLimit, b.refusalWindow, b.nanoTime);
    this.threshold = b.threshold;
    this.sinks = List.copyOf(b.sinks);
    this.captureBodies = b.captureBodies;
  }

  /** A builder: header {@code X-Dagstack-Debug}, no token (off), level DEBUG, 5 refusals/min. */
  public static Builder builder() {
    return new Builder();
  }

  /** The request header that carries the token. */
  String header() {
    return header;
  }

  /**
   * Whether {@code request} asks for debug capture and may have it. Requests without the header
   * return {@code false} at the cost of one header lookup.
   */
  boolean admit(DebugRequest request) {
    String presented = request.header(header);
    if (presented == null) {
      return false;
    }
    InetAddress peer = peer(request); // read once: the refusal hint needs it again
    InetAddress client = clientAddress(request, peer);
    String clientText = client == null ? "an unknown address" : client.getHostAddress();
    if (tokenDigest == null) {
      Diagnostics.warnLimited("web.debug.off", "a request carried the debug header " + header
          + " but " + TOKEN_PROPERTY + " is not set: debug capture is off",
          Attrs.of("client.address", clientText,
              "dagstack.debug.refused_total", refused.incrementAndGet()));
      return false;
    }
    if (throttle.isThrottled(clientText)) {
      Diagnostics.warnLimited("web.debug.throttled", "debug header from " + clientText
          + " ignored without a check: too many refused debug requests from it (more than the"
          + " refusal limit within the refusal window)",
          Attrs.of("client.address", clientText,
              "dagstack.debug.throttled_total", throttled.incrementAndGet()));
      return false;
    }
    // Both checks always run, so the answer's timing does not tell which one failed.
    boolean tokenMatches = MessageDigest.isEqual(tokenDigest, digest(presented));
    boolean addressAllowed = isAllowed(client);
    if (tokenMatches && addressAllowed) {
      return true;
    }
    throttle.refused(clientText);
    String reason = !tokenMatches ? "wrong debug token"
        : "remote address not allowed" + addressHint(request, peer);
    Diagnostics.warnLimited("web.debug.refused", "debug capture refused for " + clientText
        + ": " + reason + "; the request is served without it",
        Attrs.of("client.address", clientText,
            "dagstack.debug.refused_total", refused.incrementAndGet()));
    return false;
  }

  /**
   * The client's address: the peer's, or (when the peer is a trusted proxy) the right-most
   * forwarded hop that is not a trusted proxy; {@code null} when unknown.
   *
   * @param peer the connection's peer address of {@code request} ({@link #peer}), or {@code null}
   */
  private InetAddress clientAddress(DebugRequest request, InetAddress peer) {
    if (peer == null || !isIn(peer, trustedProxies)) {
      return peer;
    }
    List<String> forwarded = request.headers(FORWARDED);
    List<String> xForwardedFor = request.headers(X_FORWARDED_FOR);
    if (forwarded.isEmpty() && xForwardedFor.isEmpty()) {
      return peer;
    }
    if (forwarded.isEmpty()) {
      return client(ForwardedClients.xForwardedFor(xForwardedFor));
    }
    InetAddress client = client(ForwardedClients.forwarded(forwarded));
    if (!xForwardedFor.isEmpty()
        && !Objects.equals(client, client(ForwardedClients.xForwardedFor(xForwardedFor)))) {
      return null; // one of them is forged: which one cannot be told
    }
    return client;
  }

  /** Why the address may not be what the operator expects, for the refusal report. */
  private String addressHint(DebugRequest request, InetAddress peer) {
    if (peer == null) {
      return " (the connection's peer address is unknown: the server rewrote it from forwarded"
          + " headers before the filter ran; with server.forward-headers-strategy=native only"
          + " Tomcat and Reactor Netty keep it, use framework on other servers)";
    }
    boolean forwarded = !request.headers(FORWARDED).isEmpty()
        || !request.headers(X_FORWARDED_FOR).isEmpty();
    if (forwarded && !isIn(peer, trustedProxies)) {
      return " (its Forwarded / X-Forwarded-For headers were ignored: the peer "
          + peer.getHostAddress() + " is not in dagstack.logger.web.debug.trusted-proxies)";
    }
    return "";
  }

  private static InetAddress peer(DebugRequest request) {
    String text = request.peerAddress();
    int zone = text == null ? -1 : text.indexOf('%');
    return AddressRange.parseLiteral(zone < 0 ? text : text.substring(0, zone));
  }

  private InetAddress client(List<String> hops) {
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = AddressRange.parseLiteral(hops.get(i));
      if (hop == null) {
        return null;
      }
      if (i == 0 || !isIn(hop, trustedProxies)) {
        return hop;
      }
    }
    return null;
  }

  /** How many requests asked for debug capture and were refused since this was made. */
  public long refusedCount() {
    return refused.get();
  }

  /** How many debug headers were ignored unchecked because their address was throttled. */
  public long throttledCount() {
    return throttled.get();
  }

  private boolean isAllowed(InetAddress client) {
    if (allowedAddresses.isEmpty()) {
      return true;
    }
    return client != null && isIn(client, allowedAddresses);
  }

  private static boolean isIn(InetAddress address, List<AddressRange> ranges) {
    for (AddressRange range : ranges) {
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

  /** Builds a {@link DebugCapture}. */
  public static final class Builder {
    private String header = "X-Dagstack-Debug";
    private String token;
    private List<AddressRange> allowedAddresses = List.of();
    private List<AddressRange> trustedProxies = List.of();
    private int refusalLimit = 5;
    private Duration refusalWindow = Duration.ofMinutes(1);
    private LongSupplier nanoTime = System::nanoTime;
    private int threshold = Severity.DEBUG;
    private List<Sink> sinks = List.of();
    private boolean captureBodies;

    private Builder() {}

    /** The request header carrying the token. */
    public Builder header(String header) {
      this.header = header;
      return this;
    }

    /** The secret; {@code null} or blank keeps debug capture off (blank also warns). */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** Ranges the client address must be in; empty allows every address. */
    public Builder allowedAddresses(List<AddressRange> ranges) {
      this.allowedAddresses = new ArrayList<>(ranges);
      return this;
    }

    /** Peers whose {@code Forwarded} / {@code X-Forwarded-For} are believed; default none. */
    public Builder trustedProxies(List<AddressRange> ranges) {
      this.trustedProxies = new ArrayList<>(ranges);
      return this;
    }

    // The one check of each refusal setting (the auto-configuration relies on it too) is in its
    // own setter: the call that passes a bad value fails, not a later build(), and each failure
    // is the one setting's.

    /**
     * After {@code limit} refusals of one address within the {@link #refusalWindow}, its debug
     * header is ignored unchecked until the window ends; 0 never throttles. Default 5.
     *
     * @throws IllegalArgumentException for a negative limit
     */
    public Builder refusalLimit(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException(
            "the refusal limit must be 0 (off) or more, got " + limit);
      }
      this.refusalLimit = limit;
      return this;
    }

    /**
     * The window the {@link #refusalLimit} counts refusals in. Default one minute.
     *
     * @throws IllegalArgumentException for a window that is not positive
     */
    public Builder refusalWindow(Duration window) {
      if (window == null || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("the refusal window must be positive, got " + window);
      }
      this.refusalWindow = window;
      return this;
    }

    /** The monotonic clock of the refusal windows (tests inject one). */
    Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = nanoTime;
      return this;
    }

    /** The severity a debug request is logged down to (1-24). */
    public Builder threshold(int severityNumber) {
      this.threshold = severityNumber;
      return this;
    }

    /** Sinks that also receive every record of a debug request. */
    public Builder sinks(List<? extends Sink> sinks) {
      this.sinks = new ArrayList<>(sinks);
      return this;
    }

    /** Also keeps the AI-agent bodies (spec §5.5) of a debug request, and of no other. */
    public Builder captureBodies(boolean captureBodies) {
      this.captureBodies = captureBodies;
      return this;
    }

    /** @throws IllegalArgumentException for a threshold outside 1-24 */
    public DebugCapture build() {
      return new DebugCapture(this);
    }
  }
}
