package dev.dagstack.logger.spring.viewer;

import dev.dagstack.logger.viewer.ViewerApi;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts {@link ViewerApi#SECURITY_HEADERS} (Content-Security-Policy, X-Frame-Options, nosniff,
 * no referrer, no caching) on every response below the {@code logviewer} endpoint's path: the
 * page, its script and style, the API, the event stream and error answers. The endpoint's own
 * path without a trailing slash is redirected to the path with one, so that the page's relative
 * {@code viewer.js}, {@code viewer.css} and {@code api/…} resolve below the endpoint. Runs after
 * the application's security filters, which decide first who may see the viewer at all.
 */
public class LogViewerSecurityHeadersFilter extends OncePerRequestFilter {

  private final String path;
  private final String lastSegment;

  /** @param path the endpoint's path below the context path, e.g. {@code /actuator/logviewer} */
  public LogViewerSecurityHeadersFilter(String path) {
    this.path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.lastSegment = this.path.substring(this.path.lastIndexOf('/') + 1);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String within = within(request);
    return !within.equals(path) && !within.startsWith(path + "/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    ViewerApi.SECURITY_HEADERS.forEach(response::setHeader);
    if ("GET".equals(request.getMethod()) && within(request).equals(path)) {
      // Relative, so that it stays right behind a proxy that adds a path prefix.
      String query = request.getQueryString();
      response.setStatus(HttpServletResponse.SC_FOUND);
      response.setHeader("Location", lastSegment + "/" + (query == null ? "" : "?" + query));
      return;
    }
    chain.doFilter(request, response);
  }

  private static String within(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }
}
