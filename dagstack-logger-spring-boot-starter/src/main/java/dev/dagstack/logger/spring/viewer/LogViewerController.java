package dev.dagstack.logger.spring.viewer;

import dev.dagstack.logger.viewer.ViewerApi;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The viewer's JSON API and event stream under the {@code logviewer} endpoint's path
 * ({@code <management base path>/logviewer/api/{records,operations,counts,stream}}), on the
 * management server. An event stream holds its request thread for at most
 * {@link ViewerApi#STREAM_SPAN}; the browser then resumes with {@code Last-Event-ID}.
 */
@Controller
public class LogViewerController {

  static final String API = "${management.endpoints.web.base-path:/actuator}/"
      + LogViewerEndpoint.ID + "/api/{name}";

  private final ViewerApi api;

  public LogViewerController(ViewerApi api) {
    this.api = api;
  }

  /** Answers {@code api/<name>} with the viewer API's status, type and body. */
  @GetMapping(API)
  public void api(@PathVariable String name, @RequestParam Map<String, String> params,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
      HttpServletResponse response) throws IOException {
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (name.equals("stream")) {
      ViewerApi.Response bad = api.rejectStream(lastEventId, params);
      if (bad != null) {
        send(response, bad);
        return;
      }
      response.setContentType("text/event-stream;charset=UTF-8");
      response.flushBuffer();
      try {
        api.stream(lastEventId, params, response.getOutputStream());
      } catch (IOException e) {
        // The browser went away (tab closed, reconnect): nothing to report.
      }
      return;
    }
    send(response, api.get("api/" + name, params));
  }

  private static void send(HttpServletResponse response, ViewerApi.Response answer)
      throws IOException {
    response.setStatus(answer.status());
    response.setContentType(answer.contentType());
    response.setContentLength(answer.body().length);
    response.getOutputStream().write(answer.body());
  }
}
