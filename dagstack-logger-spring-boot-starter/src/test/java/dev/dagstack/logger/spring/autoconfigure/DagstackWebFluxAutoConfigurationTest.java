package dev.dagstack.logger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.spring.web.DebugCapture;
import dev.dagstack.logger.spring.web.RequestScopeWebFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/** Which request filter each kind of web application gets. */
class DagstackWebFluxAutoConfigurationTest {

  private static final AutoConfigurations WEB = AutoConfigurations.of(
      DagstackWebAutoConfiguration.class, DagstackWebFluxAutoConfiguration.class);

  @AfterEach
  void resetLogger() {
    Logger.reset();
  }

  @Test
  void aReactiveApplicationGetsTheWebFilterOnly() {
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(DagstackLoggerAutoConfigurationTest.DAGSTACK).withConfiguration(WEB)
        .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false",
            "dagstack.logger.web.debug.token=t")
        .run(context -> {
          assertThat(context).hasSingleBean(RequestScopeWebFilter.class)
              .hasSingleBean(DebugCapture.class).hasBean("dagstackDebugCapture")
              .doesNotHaveBean(FilterRegistrationBean.class);
        });
  }

  @Test
  void withoutContextPropagationAReactiveApplicationIsToldWhyItHasNoRequestScope() {
    try (dev.dagstack.logger.diagnostic.Diagnostics.Capture diagnostics =
        dev.dagstack.logger.diagnostic.Diagnostics.capture()) {
      new ReactiveWebApplicationContextRunner()
          .withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(
              io.micrometer.context.ContextRegistry.class))
          .withConfiguration(DagstackLoggerAutoConfigurationTest.DAGSTACK).withConfiguration(WEB)
          .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false")
          .run(context -> assertThat(context).hasNotFailed()
              .doesNotHaveBean(RequestScopeWebFilter.class).doesNotHaveBean(DebugCapture.class));
      assertThat(diagnostics.messages())
          .anyMatch(m -> m.contains("add io.micrometer:context-propagation"));
    }
  }

  @Test
  void aServletApplicationGetsTheServletFilterOnly() {
    new WebApplicationContextRunner()
        .withConfiguration(DagstackLoggerAutoConfigurationTest.DAGSTACK).withConfiguration(WEB)
        .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false")
        .run(context -> assertThat(context).hasSingleBean(FilterRegistrationBean.class)
            .hasSingleBean(DebugCapture.class).hasBean("dagstackDebugCapture")
            .doesNotHaveBean(RequestScopeWebFilter.class));
  }

  @Test
  void anApplicationThatIsNotAWebOneGetsNoDebugCapture() {
    new org.springframework.boot.test.context.runner.ApplicationContextRunner()
        .withConfiguration(DagstackLoggerAutoConfigurationTest.DAGSTACK).withConfiguration(WEB)
        .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DebugCapture.class));
  }

  @Test
  void aReactiveApplicationRejectsABadTrustedProxyNamingTheProperty() {
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(DagstackLoggerAutoConfigurationTest.DAGSTACK).withConfiguration(WEB)
        .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false",
            "dagstack.logger.web.debug.trusted-proxies=10.0.0.0/33")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("dagstack.logger.web.debug.trusted-proxies[0]"));
  }

  @Test
  void theWebFiltersCanBeSwitchedOff() {
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(DagstackLoggerAutoConfigurationTest.DAGSTACK).withConfiguration(WEB)
        .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false",
            "dagstack.logger.web.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(RequestScopeWebFilter.class)
            .doesNotHaveBean(DebugCapture.class));
    new WebApplicationContextRunner()
        .withConfiguration(DagstackLoggerAutoConfigurationTest.DAGSTACK).withConfiguration(WEB)
        .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false",
            "dagstack.logger.web.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class)
            .doesNotHaveBean(DebugCapture.class));
  }
}
