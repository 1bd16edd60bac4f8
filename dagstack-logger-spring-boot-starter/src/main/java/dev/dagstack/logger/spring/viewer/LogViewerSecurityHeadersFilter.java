package dev.dagstack.logger.spring.viewer;

import dev.dagstack.logger.viewer.HostCheck;
import dev.dagstack.logger.viewer.ViewerApi;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts {@link ViewerApi#SECURITY_HEADERS} (Content-Security-Policy, X-Frame-Options, nosniff,
 * no referrer, no caching) on every response below the {@code logviewer} endpoint's path: the
 * page, its script and style, the API, the event stream and error answers; and answers only
 * requests whose {@code Host} the {@link HostCheck} allows ({@value #ALLOWED_HOSTS}: others get
 * 403 naming the Host and the property, against DNS rebinding; two Host headers get 400). The endpoint's own
 * path without a trailing slash is redirected to the path with one, so that the page's relative
 * {@code viewer.js}, {@code viewer.css} and {@code api/…} resolve below the endpoint. Runs after
 * the application's security filters, which decide first who may see the viewer at all.
 */
public class LogViewerSecurityHeadersFilter extends OncePerRequestFilter {

  /** The property that lists the allowed Host values, named in a refusal. */
  public static final String ALLOWED_HOSTS = "dagstack.logger.viewer.allowed-hosts";

  private final String path;
  private final String lastSegment;
  private final HostCheck hosts;

  /**
   * @param path the endpoint's path below the context path, e.g. {@code /actuator/logviewer}
   * @param hosts the {@code Host} values answered (others get 403, two Host headers 400)
   */
  public LogViewerSecurityHeadersFilter(String path, HostCheck hosts) {
    this.hosts = hosts;
    this.path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.lastSegment = this.path.substring(this.path.lastIndexOf('/') + 1);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String within = within(request);
    return !within.equals(path) && !within.startsWith(path + "/");
  }

  /** The error dispatch of a viewer request too (see {@link #doFilterInternal}). */
  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    if (errorPage(request)) {
      // An event stream cut off at its cut-off (its client stopped reading) ends as a failed
      // request; its answer is already under way, so an error page has nothing to add (and
      // could not be written as text/event-stream: Spring would log a warning per stream).
      if (!response.isCommitted()) {
        ViewerApi.SECURITY_HEADERS.forEach(response::setHeader);
        chain.doFilter(request, response);
      }
      return;
    }
    ViewerApi.SECURITY_HEADERS.forEach(response::setHeader);
    List<String> host = Collections.list(request.getHeaders("Host"));
    if (host.size() > 1) {
      LogViewerController.send(response,
          ViewerApi.badRequest("Host: given " + host.size() + " times; give it once"));
      return;
    }
    if (!hosts.allows(host)) {
      String name = host.isEmpty() ? null : host.get(0);
      String error = "refused " + (name == null ? "a request with no Host header"
          : "Host '" + name + "'") + ": the log viewer answers only the Host values"
          + " in " + ALLOWED_HOSTS + " " + hosts.patterns() + ", which protects the logs from"
          + " DNS rebinding; add this name there (or * to turn the check off, e.g. behind a"
          + " proxy that checks the Host itself)";
      LogViewerController.send(response, ViewerApi.error(403, error));
      return;
    }
    if ("GET".equals(request.getMethod()) && within(request).equals(path)) {
      // Relative, so that it stays right behind a proxy that adds a path prefix.
      String query = request.getQueryString();
      response.setStatus(HttpServletResponse.SC_FOUND);
      response.setHeader("Location", lastSegment + "/" + (query == null ? "" : "?" + query));
      return;
    }
    chain.doFilter(request, response);
  }

  /**
   * Whether the request is the error page of a failed one: an error dispatch, or the include the
   * container makes instead when the failed answer is already committed.
   */
  private static boolean errorPage(HttpServletRequest request) {
    return request.getDispatcherType() == DispatcherType.ERROR
        || request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) != null;
  }

  /** The request's path below the context path; for an error page, the failed request's. */
  private static String within(HttpServletRequest request) {
    Object failed = errorPage(request)
        ? request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) : null;
    String uri = failed instanceof String ? (String) failed : request.getRequestURI();
    String context = request.getContextPath();
    return uri.startsWith(context) ? uri.substring(context.length()) : uri;
  }
}
