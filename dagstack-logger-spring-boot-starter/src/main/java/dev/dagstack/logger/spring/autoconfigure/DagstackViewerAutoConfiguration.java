package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.spring.viewer.LogViewerEndpoint;
import dev.dagstack.logger.viewer.ViewerApi;
import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.viewer.ViewerBuffer;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The live log viewer (off by default; {@code dagstack.logger.viewer.enabled=true} turns it on):
 * a {@link ViewerBuffer} registered as a tap on the context's logger provider (so it survives
 * sink reconfiguration, sees records after redaction, and shows this context's records only), its {@link ViewerApi}, and the {@code logviewer} actuator
 * endpoint. The API below the endpoint's path is registered on the management server by
 * {@link DagstackViewerManagementContextConfiguration}.
 */
@AutoConfiguration(after = DagstackLoggerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({WebEndpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBooleanProperty(name = DagstackViewerAutoConfiguration.ENABLED)
public final class DagstackViewerAutoConfiguration {

  static final String VIEWER = DagstackLoggerProperties.PREFIX + ".viewer";
  static final String ENABLED = VIEWER + ".enabled";

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  ViewerBuffer dagstackViewerBuffer(DagstackLoggerProperties properties,
      LoggerProvider loggerProvider) {
    DagstackViewerProperties viewer = properties.getViewer();
    int capacity = viewer.getCapacity();
    try {
      ViewerBuffer.checkCapacity(capacity);
    } catch (IllegalArgumentException e) {
      throw new InvalidDagstackLoggerPropertyException(VIEWER + ".capacity",
          String.valueOf(capacity), "a number of records from 1 to " + ViewerBuffer.MAX_CAPACITY
              + ", e.g. 10000");
    }
    long maxBytes = viewer.getMaxBytes() == null ? ViewerBuffer.DEFAULT_MAX_BYTES
        : viewer.getMaxBytes().toBytes();
    try {
      ViewerBuffer.checkMaxBytes(maxBytes);
    } catch (IllegalArgumentException e) {
      throw new InvalidDagstackLoggerPropertyException(VIEWER + ".max-bytes",
          String.valueOf(viewer.getMaxBytes()), "a size of at least 1MB, e.g. 64MB");
    }
    ViewerBuffer buffer = new ViewerBuffer(capacity, maxBytes);
    if (loggerProvider == LoggerProvider.global()) {
      buffer.install();
    } else {
      buffer.install(loggerProvider);
    }
    return buffer;
  }

  /**
   * Ends open event streams as soon as the context starts closing, before graceful shutdown
   * waits for active requests (a page would otherwise hold one for up to 25 s).
   */
  @Bean
  ApplicationListener<ContextClosedEvent> dagstackViewerCloser(ViewerBuffer buffer,
      ApplicationContext context) {
    return event -> {
      if (event.getApplicationContext() == context) {
        buffer.close();
      }
    };
  }

  @Bean
  @ConditionalOnMissingBean
  ViewerApi dagstackViewerApi(ViewerBuffer buffer, DagstackLoggerProperties properties) {
    int maxStreams = properties.getViewer().getMaxStreams();
    try {
      ViewerApi.checkMaxStreams(maxStreams);
    } catch (IllegalArgumentException e) {
      throw new InvalidDagstackLoggerPropertyException(VIEWER + ".max-streams",
          String.valueOf(maxStreams), "a number of streams from 1 to " + ViewerApi.MAX_MAX_STREAMS
              + ", e.g. " + ViewerApi.DEFAULT_MAX_STREAMS);
    }
    return new ViewerApi(buffer, maxStreams);
  }

  @Bean
  @ConditionalOnAvailableEndpoint
  LogViewerEndpoint dagstackLogViewerEndpoint(ViewerApi api) {
    return new LogViewerEndpoint(api);
  }
}
