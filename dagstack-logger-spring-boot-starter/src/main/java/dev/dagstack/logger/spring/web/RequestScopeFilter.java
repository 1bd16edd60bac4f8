package dev.dagstack.logger.spring.web;

import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.context.LoggingScope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Opens a {@link LoggingScope} for each HTTP request: every record logged while the request is
 * handled carries {@code request.id}, {@code http.request.method} and {@code url.path}, and for
 * an accepted debug request (see {@link DebugCapture}) the threshold is lowered and the debug
 * sinks are added. The scope is closed when the filter chain returns, also when it throws, and
 * re-opened for the request's async and error dispatches, so it never outlives a dispatch on a
 * server thread. Work handed off through context-propagating executors carries it along.
 *
 * <p>The request id is taken from the request id header when well-formed (1-128 characters of
 * {@code A-Z a-z 0-9 . _ : -}), otherwise generated, and echoed on the response under the same
 * header; an accepted debug request also gets {@value DebugCapture#DEBUG_ID_HEADER}.
 *
 * <p>The debug-capture address check reads the connection's peer address, not what Boot's
 * {@code ForwardedHeaderFilter} ({@code server.forward-headers-strategy=framework}) or Tomcat's
 * {@code RemoteIpValve} ({@code native}) made of the forwarded headers: request wrappers are
 * looked through, and on Tomcat the {@link PeerAddressValve} records the peer. Where neither
 * tells the peer (another server with a remote-address rewrite), the address is unknown and
 * no allowed range matches it.
 */
public final class RequestScopeFilter extends OncePerRequestFilter {

  /**
   * The filter's order: before Boot's {@code ServerHttpObservationFilter}
   * ({@code HIGHEST_PRECEDENCE + 1}), so the request's observation (and its operation records)
   * starts and stops inside the request scope, and before security and the dispatcher. Records
   * take their trace context from the tracer at emit time, not from this scope.
   */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

  /** The request attribute holding the connection's peer address (set by {@link PeerAddressValve}). */
  public static final String PEER_ADDRESS_ATTRIBUTE =
      RequestScopeFilter.class.getName() + ".peerAddress";

  /**
   * The request attribute holding the forwarded header lines as received, a
   * {@code Map<String, List<String>>} by header name (set by {@link PeerAddressValve}).
   */
  public static final String FORWARDED_HEADERS_ATTRIBUTE =
      RequestScopeFilter.class.getName() + ".forwardedHeaders";

  static final String FORWARDED = "Forwarded";
  static final String X_FORWARDED_FOR = "X-Forwarded-For";

  /** Set by Tomcat's {@code RemoteIpValve} when it rewrote the remote address. */
  private static final String TOMCAT_FORWARDED_ATTRIBUTE = "org.apache.tomcat.request.forwarded";

  private static final String SCOPE_ATTRIBUTE = RequestScopeFilter.class.getName() + ".scope";

  private final String requestIdHeader;
  private final DebugCapture debugCapture;
  private final boolean serverRewritesRemoteAddress;
  private final LoggerProvider provider;

  /**
   * @param requestIdHeader the header that carries (and echoes) the request id
   * @param debugCapture who may turn on debug capture and what it does
   */
  public RequestScopeFilter(String requestIdHeader, DebugCapture debugCapture) {
    this(requestIdHeader, debugCapture, false);
  }

  /**
   * @param requestIdHeader the header that carries (and echoes) the request id
   * @param debugCapture who may turn on debug capture and what it does
   * @param serverRewritesRemoteAddress whether the server rewrites the remote address from
   *     forwarded headers before any filter runs ({@code server.forward-headers-strategy=native}):
   *     then, unless the {@link PeerAddressValve} recorded the peer (Tomcat), the peer is unknown
   */
  public RequestScopeFilter(String requestIdHeader, DebugCapture debugCapture,
      boolean serverRewritesRemoteAddress) {
    this(requestIdHeader, debugCapture, serverRewritesRemoteAddress, LoggerProvider.global());
  }

  /**
   * As {@link #RequestScopeFilter(String, DebugCapture, boolean)}, binding {@code provider} to
   * the request's thread ({@link LoggerProvider#makeCurrent()}): the static loggers and the SLF4J
   * bridge write the request's records through the application context's own configuration,
   * whichever context started last.
   */
  public RequestScopeFilter(String requestIdHeader, DebugCapture debugCapture,
      boolean serverRewritesRemoteAddress, LoggerProvider provider) {
    this.requestIdHeader = requestIdHeader;
    this.debugCapture = debugCapture;
    this.serverRewritesRemoteAddress = serverRewritesRemoteAddress;
    this.provider = provider;
  }

  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    LoggingScope.Builder scope = (LoggingScope.Builder) request.getAttribute(SCOPE_ATTRIBUTE);
    if (scope == null) {
      // The first dispatch decides; async and error dispatches re-open the same scope.
      scope = RequestScopes.begin(new ServletDebugRequest(request, serverRewritesRemoteAddress),
          request.getMethod(), request.getRequestURI(), requestIdHeader, debugCapture,
          response::setHeader);
      request.setAttribute(SCOPE_ATTRIBUTE, scope);
    }
    try (LoggerProvider.Binding bound = provider.makeCurrent();
        LoggingScope ignored = scope.open()) {
      chain.doFilter(request, response);
    }
  }

  /**
   * The request as the access decision reads it: the debug header from the request as the
   * filter got it, the forwarded headers and the peer from below every wrapper (Boot's
   * {@code ForwardedHeaderFilter} hides the headers and rewrites the address in its wrapper).
   */
  record ServletDebugRequest(HttpServletRequest request, boolean serverRewritesRemoteAddress)
      implements DebugRequest {

    @Override
    public String header(String name) {
      return request.getHeader(name);
    }

    @Override
    public List<String> headers(String name) {
      if (request.getAttribute(FORWARDED_HEADERS_ATTRIBUTE) instanceof Map<?, ?> received
          && received.get(name) instanceof List<?> lines) {
        return lines.stream().map(String::valueOf).toList();
      }
      return Collections.list(innermost(request).getHeaders(name));
    }

    @Override
    public String peerAddress() {
      if (request.getAttribute(PEER_ADDRESS_ATTRIBUTE) instanceof String peer) {
        return peer;
      }
      HttpServletRequest server = innermost(request);
      if (serverRewritesRemoteAddress
          || Boolean.TRUE.equals(server.getAttribute(TOMCAT_FORWARDED_ATTRIBUTE))) {
        return null; // rewritten before any filter, and the peer was not recorded
      }
      return server.getRemoteAddr();
    }

    private static HttpServletRequest innermost(HttpServletRequest request) {
      HttpServletRequest current = request;
      while (current instanceof HttpServletRequestWrapper wrapper
          && wrapper.getRequest() instanceof HttpServletRequest inner) {
        current = inner;
      }
      return current;
    }
  }
}
