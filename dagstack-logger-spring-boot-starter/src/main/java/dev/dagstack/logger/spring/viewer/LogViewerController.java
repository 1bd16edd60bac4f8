package dev.dagstack.logger.spring.viewer;

import dev.dagstack.logger.viewer.ViewerApi;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The viewer's JSON API and event stream under the {@code logviewer} endpoint's path
 * ({@code <management base path>/logviewer/api/{records,operations,counts,stream}}), and the page's
 * {@code viewer.js} and {@code viewer.css}, on the management server; the security headers come
 * from {@link LogViewerSecurityHeadersFilter}. An event stream holds its request thread for at most
 * {@link ViewerApi#STREAM_SPAN}; the browser then resumes with {@code Last-Event-ID}.
 */
@Controller
public class LogViewerController {

  /** The endpoint's path (placeholders resolved against the environment, as the actuator does). */
  public static final String PATH = "${management.endpoints.web.base-path:/actuator}/"
      + "${management.endpoints.web.path-mapping." + LogViewerEndpoint.ID + ":" + LogViewerEndpoint.ID + "}";
  static final String API = PATH + "/api/{name}";
  static final String ASSET = PATH + "/{asset:viewer\\.(?:js|css)}";

  private final ViewerApi api;

  public LogViewerController(ViewerApi api) {
    this.api = api;
  }

  /**
   * The page at the endpoint's path with a trailing slash, where the endpoint's own path
   * redirects (see {@link LogViewerSecurityHeadersFilter}) so that its relative links resolve
   * below the endpoint.
   */
  @GetMapping(PATH + "/")
  public void page(HttpServletResponse response) throws IOException {
    send(response, api.get("", Map.of()));
  }

  /** The page's script or style ({@code viewer.js}, {@code viewer.css}). */
  @GetMapping(ASSET)
  public void asset(@PathVariable String asset, HttpServletResponse response) throws IOException {
    send(response, api.get(asset, Map.of()));
  }

  /**
   * Answers {@code api/<name>} (a trailing slash is ignored) with the viewer API's status, type and
   * body. The query is parsed by {@link ViewerApi#parseQuery} (not the container), so that a
   * malformed one gets the viewer's 400 JSON answer rather than a server error.
   */
  @GetMapping({API, API + "/"})
  public void api(@PathVariable String name, HttpServletRequest request,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
      HttpServletResponse response) throws IOException {
    Map<String, String> params;
    try {
      params = ViewerApi.parseQuery(request.getQueryString());
    } catch (IllegalArgumentException e) {
      send(response, ViewerApi.badRequest(e.getMessage()));
      return;
    }
    if (name.equals("stream")) {
      try (ViewerApi.Stream stream = api.openStream(lastEventId, params)) {
        if (stream.refusal() != null) {
          send(response, stream.refusal());
          return;
        }
        response.setContentType("text/event-stream;charset=UTF-8");
        response.flushBuffer();
        if ("HEAD".equals(request.getMethod())) {
          return;
        }
        try {
          stream.writeTo(response.getOutputStream());
        } catch (IOException e) {
          // The browser went away (tab closed, reconnect): nothing to report.
        }
      }
      return;
    }
    send(response, api.get("api/" + name, params));
  }

  /** Writes one viewer API answer (status, type, body) as the servlet response. */
  static void send(HttpServletResponse response, ViewerApi.Response answer)
      throws IOException {
    response.setStatus(answer.status());
    response.setContentType(answer.contentType());
    response.setContentLength(answer.body().length);
    response.getOutputStream().write(answer.body());
  }
}
