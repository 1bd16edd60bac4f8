package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.spring.viewer.LogViewerController;
import dev.dagstack.logger.spring.viewer.LogViewerEndpoint;
import dev.dagstack.logger.spring.viewer.LogViewerSecurityHeadersFilter;
import dev.dagstack.logger.viewer.HostCheck;
import dev.dagstack.logger.viewer.ViewerApi;
import java.util.List;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The viewer's JSON API, event stream, script and style, and the filter that puts the security
 * headers on all of the viewer's responses, on the management server (the main server, or the
 * separate one when {@code management.server.port} is set), present only while the
 * {@code logviewer} endpoint is available (viewer enabled, endpoint exposed and accessible).
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = DagstackViewerAutoConfiguration.ENABLED)
@ConditionalOnAvailableEndpoint(endpoint = LogViewerEndpoint.class)
public class DagstackViewerManagementContextConfiguration {

  @Bean
  LogViewerController dagstackLogViewerController(ViewerApi api) {
    return new LogViewerController(api);
  }

  @Bean
  LogViewerSecurityHeadersFilter dagstackLogViewerSecurityHeadersFilter(Environment environment,
      DagstackLoggerProperties properties) {
    List<String> allowed = properties.getViewer().getAllowedHosts();
    HostCheck hosts;
    try {
      hosts = HostCheck.of(allowed == null ? List.of() : allowed);
    } catch (IllegalArgumentException e) {
      throw new InvalidDagstackLoggerPropertyException(LogViewerSecurityHeadersFilter.ALLOWED_HOSTS,
          String.valueOf(allowed), "host names (any port), name:port, *.example.com, or * to"
              + " turn the check off; " + e.getMessage());
    }
    return new LogViewerSecurityHeadersFilter(
        environment.resolveRequiredPlaceholders(LogViewerController.PATH), hosts);
  }
}
