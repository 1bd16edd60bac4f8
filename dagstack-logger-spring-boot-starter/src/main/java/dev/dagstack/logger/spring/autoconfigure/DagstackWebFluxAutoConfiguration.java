package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.spring.web.DebugCapture;
import dev.dagstack.logger.spring.web.RequestScopeWebFilter;
import io.micrometer.context.ContextRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Hooks;

/**
 * In a reactive (WebFlux) web application, registers the {@link RequestScopeWebFilter}: the
 * request scope and the access-controlled debug capture of the servlet filter, with the same
 * {@code dagstack.logger.web.*} properties. It turns on Reactor's automatic context propagation
 * ({@code Hooks.enableAutomaticContextPropagation()}, as {@code spring.reactor.context-propagation=auto}
 * does), which carries the request's scope through Reactor operators and thread hops; that
 * needs {@code io.micrometer:context-propagation} on the classpath.
 */
@AutoConfiguration(after = DagstackLoggerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({WebFilter.class, Hooks.class, ContextRegistry.class})
@ConditionalOnBean(DagstackLoggerConfigurer.class)
@ConditionalOnBooleanProperty(name = DagstackWebAutoConfiguration.WEB + ".enabled", matchIfMissing = true)
@Import(DagstackWebAutoConfiguration.SharedWebConfiguration.class)
public final class DagstackWebFluxAutoConfiguration {

  @Bean
  RequestScopeWebFilter dagstackRequestScopeWebFilter(DagstackLoggerProperties properties,
      DebugCapture debugCapture, LoggerProvider loggerProvider) {
    Hooks.enableAutomaticContextPropagation();
    return new RequestScopeWebFilter(DagstackWebAutoConfiguration.requestIdHeader(properties),
        debugCapture, loggerProvider);
  }
}
