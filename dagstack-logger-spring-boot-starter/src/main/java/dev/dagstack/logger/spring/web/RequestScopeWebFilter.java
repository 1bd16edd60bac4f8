package dev.dagstack.logger.spring.web;

import dev.dagstack.logger.context.LoggingScope;
import dev.dagstack.logger.context.ScopeSnapshot;
import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.spring.context.LoggerProviderAccessor;
import dev.dagstack.logger.spring.context.ScopeSnapshotAccessor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The WebFlux counterpart of {@link RequestScopeFilter}, with the same properties and
 * guarantees: each request gets a {@link LoggingScope} ({@code request.id},
 * {@code http.request.method}, {@code url.path}), an accepted debug request (the same
 * {@link DebugCapture} decision) also the lowered threshold and the debug sinks, and the request
 * id is echoed on the response.
 *
 * <p>The scope is never left open on a server thread: it is captured as a {@link ScopeSnapshot}
 * and written into the Reactor {@link Context} of the request's chain under
 * {@value ScopeSnapshotAccessor#KEY}. Reactor's automatic context propagation (enabled by the
 * auto-configuration) installs it, through {@link ScopeSnapshotAccessor}, on whichever thread
 * runs the chain's operators ({@code publishOn}, {@code subscribeOn}, callbacks of other
 * publishers) and takes it off again, so concurrent requests on one event loop never see each
 * other's scope.
 *
 * <p>The address check reads the connection's peer: on Reactor Netty its connection address
 * (which {@code server.forward-headers-strategy} {@code native} and {@code framework} leave
 * alone), on a servlet container as {@link RequestScopeFilter} does; on other servers the peer
 * is unknown and no allowed range matches it.
 */
public final class RequestScopeWebFilter implements WebFilter, Ordered {

  /** The filter's order: first, so every other filter and the handler run inside the scope. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

  private static final boolean REACTOR_NETTY = ClassUtils.isPresent(
      "reactor.netty.http.server.HttpServerRequest", RequestScopeWebFilter.class.getClassLoader());
  private static final boolean SERVLET = ClassUtils.isPresent(
      "jakarta.servlet.http.HttpServletRequest", RequestScopeWebFilter.class.getClassLoader());

  private final String requestIdHeader;
  private final DebugCapture debugCapture;
  /** The application context's provider, carried with each request; {@code null}: none. */
  private final LoggerProvider provider;

  /**
   * @param requestIdHeader the header that carries (and echoes) the request id
   * @param debugCapture who may turn on debug capture and what it does
   */
  public RequestScopeWebFilter(String requestIdHeader, DebugCapture debugCapture) {
    this(requestIdHeader, debugCapture, null);
  }

  /**
   * As {@link #RequestScopeWebFilter(String, DebugCapture)}, carrying {@code provider} (the
   * application context's) with each request to whichever thread serves it.
   */
  public RequestScopeWebFilter(String requestIdHeader, DebugCapture debugCapture,
      LoggerProvider provider) {
    this.requestIdHeader = requestIdHeader;
    this.debugCapture = debugCapture;
    this.provider = provider;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    LoggingScope.Builder scope = RequestScopes.begin(new ReactiveDebugRequest(request),
        request.getMethod().name(), request.getPath().value(), requestIdHeader, debugCapture,
        exchange.getResponse().getHeaders()::set);
    ScopeSnapshot snapshot = snapshotOf(scope);
    // The context's provider rides along with the scope: static and SLF4J loggers on whichever
    // thread serves the request write through this application context (LoggerProviderAccessor).
    return chain.filter(exchange).contextWrite(context -> {
      reactor.util.context.Context scoped = context.put(ScopeSnapshotAccessor.KEY, snapshot);
      return provider == null ? scoped : scoped.put(LoggerProviderAccessor.KEY, provider);
    });
  }

  /** The scope as a snapshot, opened and closed at once on a clean context of this thread. */
  private static ScopeSnapshot snapshotOf(LoggingScope.Builder scope) {
    try (ScopeSnapshot.Restore clean = ScopeSnapshot.empty().makeCurrent();
        LoggingScope open = scope.open()) {
      return ScopeSnapshot.capture();
    }
  }

  /**
   * The request as the access decision reads it: the debug header from the exchange's request,
   * the forwarded headers and the peer from the server's own request (Boot's
   * {@code ForwardedHeaderTransformer} removes the headers and rewrites the address in the
   * request it hands on).
   */
  private record ReactiveDebugRequest(ServerHttpRequest request) implements DebugRequest {

    @Override
    public String header(String name) {
      return request.getHeaders().getFirst(name);
    }

    @Override
    public List<String> headers(String name) {
      Object server = serverRequest();
      if (REACTOR_NETTY && server instanceof reactor.netty.http.server.HttpServerRequest netty) {
        return netty.requestHeaders().getAll(name);
      }
      if (SERVLET && server instanceof jakarta.servlet.http.HttpServletRequest servlet) {
        return new RequestScopeFilter.ServletDebugRequest(servlet, false).headers(name);
      }
      return List.of(); // the peer is unknown as well: nothing is believed
    }

    @Override
    public String peerAddress() {
      Object server = serverRequest();
      if (REACTOR_NETTY && server instanceof reactor.netty.http.server.HttpServerRequest netty) {
        SocketAddress peer = netty.connectionRemoteAddress();
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null
            ? inet.getAddress().getHostAddress() : null;
      }
      if (SERVLET && server instanceof jakarta.servlet.http.HttpServletRequest servlet) {
        return new RequestScopeFilter.ServletDebugRequest(servlet, false).peerAddress();
      }
      return null;
    }

    private Object serverRequest() {
      try {
        return ServerHttpRequestDecorator.getNativeRequest(request);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }
}
