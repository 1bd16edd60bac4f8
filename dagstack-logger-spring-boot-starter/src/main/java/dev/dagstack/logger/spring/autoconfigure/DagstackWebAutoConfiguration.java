package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.LoggerProvider;
import dev.dagstack.logger.spring.web.AddressRange;
import dev.dagstack.logger.spring.web.DebugCapture;
import dev.dagstack.logger.spring.web.PeerAddressValve;
import dev.dagstack.logger.spring.web.RequestScopeFilter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In a servlet web application, registers the {@link RequestScopeFilter}: a logging scope per
 * HTTP request ({@code request.id}, {@code http.request.method}, {@code url.path}) and
 * access-controlled debug capture ({@code dagstack.logger.web.debug.*}); on Tomcat also the
 * {@link PeerAddressValve}, and, with Micrometer, the counters
 * {@code dagstack.logger.web.debug.refused} and {@code dagstack.logger.web.debug.throttled}.
 */
@AutoConfiguration(after = DagstackLoggerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(OncePerRequestFilter.class)
@ConditionalOnBean(DagstackLoggerConfigurer.class)
@ConditionalOnBooleanProperty(name = DagstackWebAutoConfiguration.WEB + ".enabled", matchIfMissing = true)
@Import(DagstackWebAutoConfiguration.SharedWebConfiguration.class)
public final class DagstackWebAutoConfiguration {

  static final String WEB = DagstackLoggerProperties.PREFIX + ".web";
  private static final String DEBUG = WEB + ".debug";

  @Bean
  FilterRegistrationBean<RequestScopeFilter> dagstackRequestScopeFilter(
      DagstackLoggerProperties properties, DebugCapture debugCapture, Environment environment,
      LoggerProvider loggerProvider) {
    FilterRegistrationBean<RequestScopeFilter> registration = new FilterRegistrationBean<>(
        new RequestScopeFilter(requestIdHeader(properties), debugCapture,
            nativeForwardHeaders(environment), loggerProvider));
    registration.setOrder(RequestScopeFilter.ORDER);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC,
        DispatcherType.ERROR);
    return registration;
  }

  /**
   * Whether the server itself applies forwarded headers, as Boot decides it:
   * {@code server.forward-headers-strategy=native}, or no strategy on a cloud platform that uses
   * forwarded headers.
   */
  static boolean nativeForwardHeaders(Environment environment) {
    String strategy = environment.getProperty("server.forward-headers-strategy");
    if (StringUtils.hasText(strategy)) {
      return strategy.strip().equalsIgnoreCase("native");
    }
    CloudPlatform platform = CloudPlatform.getActive(environment);
    return platform != null && platform.isUsingForwardHeaders();
  }

  /** {@code dagstack.logger.web.request-id-header}, checked. */
  static String requestIdHeader(DagstackLoggerProperties properties) {
    return header(WEB + ".request-id-header", properties.getWeb().getRequestIdHeader());
  }

  /** The debug capture of {@code dagstack.logger.web.debug.*}, each value checked. */
  static DebugCapture debugCapture(DagstackLoggerProperties properties,
      DagstackLoggerConfigurer configurer) {
    DagstackLoggerProperties.Debug debug = properties.getWeb().getDebug();
    DagstackAiAgentProperties aiAgent = properties.getAiAgent();
    DebugCapture.Builder builder = DebugCapture.builder();
    // The builder's setters check the refusal settings (the one place), one setting each.
    refusalSetting(DEBUG + ".refusal-window", debug.getRefusalWindow(),
        "a positive duration, e.g. 1m", builder::refusalWindow);
    refusalSetting(DEBUG + ".refusal-limit", debug.getRefusalLimit(),
        "0 (never throttle) or a positive number of refusals", builder::refusalLimit);
    return builder
        .header(header(DEBUG + ".header", debug.getHeader()))
        .token(debug.getToken())
        .allowedAddresses(ranges(DEBUG + ".allowed-addresses", debug.getAllowedAddresses()))
        .trustedProxies(ranges(DEBUG + ".trusted-proxies", debug.getTrustedProxies()))
        .threshold(LoggerConfigurationFactory.level(DEBUG + ".level", debug.getLevel()))
        .sinks(configurer.debugSinks())
        .captureBodies(aiAgent.isEnabled() && aiAgent.isDebugCaptureBodies())
        .build();
  }

  /** Gives {@code value} to {@code setter}; the builder's refusal fails as the property's. */
  private static <T> void refusalSetting(String property, T value, String accepted,
      Consumer<T> setter) {
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidDagstackLoggerPropertyException(property, value, accepted);
    }
  }

  private static List<AddressRange> ranges(String property, List<String> values) {
    List<AddressRange> ranges = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      try {
        ranges.add(AddressRange.parse(values.get(i)));
      } catch (IllegalArgumentException e) {
        throw new InvalidDagstackLoggerPropertyException(property + "[" + i + "]",
            values.get(i), e.getMessage()
                + "; accepted: an IPv4 or IPv6 address or CIDR range, e.g. 10.0.0.0/8, ::1/128");
      }
    }
    return ranges;
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

  /**
   * What the servlet and the reactive web auto-configurations share, imported by both (each
   * applies its own conditions first): the debug capture of {@code dagstack.logger.web.debug.*},
   * the Tomcat peer-address valve and the debug-capture counters.
   */
  @Configuration(proxyBeanMethods = false)
  @Import({TomcatPeerAddress.class, DebugCaptureMetrics.class})
  static class SharedWebConfiguration {

    @Bean
    DebugCapture dagstackDebugCapture(DagstackLoggerProperties properties,
        DagstackLoggerConfigurer configurer) {
      return debugCapture(properties, configurer);
    }
  }

  /**
   * On Tomcat (servlet or reactive): the valve that records each connection's peer address and
   * forwarded headers, so that {@code server.forward-headers-strategy=native} cannot feed the
   * address check.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({ConfigurableTomcatWebServerFactory.class, ValveBase.class})
  static class TomcatPeerAddress {

    @Bean
    PeerAddressValveCustomizer dagstackPeerAddressValve() {
      return new PeerAddressValveCustomizer();
    }
  }

  /** Adds the valve ahead of the engine valves Boot's own customizer adds later. */
  static final class PeerAddressValveCustomizer
      implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
      factory.addEngineValves(new PeerAddressValve());
    }

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE;
    }
  }

  /** Refusals and throttled debug headers as Micrometer counters. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterBinder.class)
  static class DebugCaptureMetrics {

    @Bean
    MeterBinder dagstackDebugCaptureMetrics(DebugCapture debugCapture) {
      return registry -> {
        FunctionCounter.builder("dagstack.logger.web.debug.refused", debugCapture,
                DebugCapture::refusedCount)
            .description("Requests that asked for debug capture and were refused")
            .baseUnit("requests")
            .register(registry);
        FunctionCounter.builder("dagstack.logger.web.debug.throttled", debugCapture,
                DebugCapture::throttledCount)
            .description("Debug headers ignored unchecked: too many refusals from the address")
            .baseUnit("requests")
            .register(registry);
      };
    }
  }
}
