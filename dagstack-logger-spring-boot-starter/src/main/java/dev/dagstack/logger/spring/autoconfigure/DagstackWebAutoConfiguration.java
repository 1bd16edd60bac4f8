package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.spring.web.AddressRange;
import dev.dagstack.logger.spring.web.DebugCapture;
import dev.dagstack.logger.spring.web.RequestScopeFilter;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In a servlet web application, registers the {@link RequestScopeFilter}: a logging scope per
 * HTTP request ({@code request.id}, {@code http.request.method}, {@code url.path}) and
 * access-controlled debug capture ({@code dagstack.logger.web.debug.*}).
 */
@AutoConfiguration(after = DagstackLoggerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(OncePerRequestFilter.class)
@ConditionalOnBean(DagstackLoggerConfigurer.class)
@ConditionalOnBooleanProperty(name = DagstackWebAutoConfiguration.WEB + ".enabled", matchIfMissing = true)
public class DagstackWebAutoConfiguration {

  static final String WEB = DagstackLoggerProperties.PREFIX + ".web";
  private static final String DEBUG = WEB + ".debug";

  @Bean
  FilterRegistrationBean<RequestScopeFilter> dagstackRequestScopeFilter(
      DagstackLoggerProperties properties, DagstackLoggerConfigurer configurer) {
    DagstackLoggerProperties.Web web = properties.getWeb();
    String requestIdHeader = header(WEB + ".request-id-header", web.getRequestIdHeader());
    FilterRegistrationBean<RequestScopeFilter> registration = new FilterRegistrationBean<>(
        new RequestScopeFilter(requestIdHeader, debugCapture(web.getDebug(), configurer,
            properties.getAiAgent())));
    registration.setOrder(RequestScopeFilter.ORDER);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC,
        DispatcherType.ERROR);
    return registration;
  }

  private static DebugCapture debugCapture(DagstackLoggerProperties.Debug debug,
      DagstackLoggerConfigurer configurer, DagstackAiAgentProperties aiAgent) {
    List<AddressRange> ranges = new ArrayList<>();
    List<String> allowed = debug.getAllowedAddresses();
    for (int i = 0; i < allowed.size(); i++) {
      try {
        ranges.add(AddressRange.parse(allowed.get(i)));
      } catch (IllegalArgumentException e) {
        throw new InvalidDagstackLoggerPropertyException(DEBUG + ".allowed-addresses[" + i + "]",
            allowed.get(i), e.getMessage()
                + "; accepted: an IPv4 or IPv6 address or CIDR range, e.g. 10.0.0.0/8, ::1/128");
      }
    }
    int threshold = DagstackLoggerConfigurer.level(DEBUG + ".level", debug.getLevel());
    return new DebugCapture(header(DEBUG + ".header", debug.getHeader()), debug.getToken(), ranges,
        threshold, configurer.debugSinks(),
        aiAgent.isEnabled() && aiAgent.isDebugCaptureBodies());
  }

  /** A header name: an HTTP token (RFC 9110), e.g. X-Request-Id. */
  private static String header(String property, String value) {
    if (!StringUtils.hasText(value) || !value.strip().chars().allMatch(
        c -> c < 127 && c > 32 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
      throw new InvalidDagstackLoggerPropertyException(property, value,
          "an HTTP header name (letters, digits and !#$%&'*+-.^_`|~), e.g. X-Request-Id");
    }
    return value.strip();
  }
}
