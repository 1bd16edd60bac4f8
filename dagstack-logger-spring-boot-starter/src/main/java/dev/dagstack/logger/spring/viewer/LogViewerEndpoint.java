package dev.dagstack.logger.spring.viewer;

import dev.dagstack.logger.viewer.ViewerApi;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * The {@code logviewer} actuator endpoint: {@code GET <base path>/logviewer} answers the viewer's
 * page; its JSON API and event stream live below it ({@code …/logviewer/api/…}, served by
 * {@link LogViewerController}), so the endpoint's exposure, access and security rules cover all.
 */
@WebEndpoint(id = LogViewerEndpoint.ID)
public class LogViewerEndpoint {

  /** The endpoint id, also the last segment of its path. */
  public static final String ID = "logviewer";

  private final ViewerApi api;

  public LogViewerEndpoint(ViewerApi api) {
    this.api = api;
  }

  /** The single page (its script and style are files below it: no inline script or style). */
  @ReadOperation(produces = "text/html;charset=UTF-8")
  public String page() {
    return new String(api.get("", Map.of()).body(), StandardCharsets.UTF_8);
  }
}
