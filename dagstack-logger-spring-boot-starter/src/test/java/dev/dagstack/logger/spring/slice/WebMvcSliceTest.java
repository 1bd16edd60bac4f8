package dev.dagstack.logger.spring.slice;

import static dev.dagstack.logger.spring.test.LogAssertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.spring.LoggerName;
import dev.dagstack.logger.spring.test.CaptureLogs;
import dev.dagstack.logger.spring.test.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A {@code @WebMvcTest} of a controller that injects {@link Logger}, with no dagstack import: the
 * slice's import file in dagstack-logger-spring-boot-test adds the logger and the request scope.
 */
@WebMvcTest
@CaptureLogs
// Each context owns its logging, but this suite also tests the Logback bridge, which is
// process-wide and which a cached context keeps attached: close it after the class.
@DirtiesContext
class WebMvcSliceTest {

  @SpringBootConfiguration
  @Import(GreetingController.class)
  static class App {}

  @RestController
  static class GreetingController {
    private final Logger logger;

    GreetingController(@LoggerName("slice.greeting") Logger logger) {
      this.logger = logger;
    }

    @GetMapping("/greet")
    String greet() {
      logger.info("greeted");
      return "hello";
    }
  }

  @Autowired
  MockMvc mvc;

  @Test
  void theControllersLoggerIsInjectedAndItsRecordCarriesTheRequestId(CapturedLogs logs)
      throws Exception {
    mvc.perform(get("/greet").header("X-Request-Id", "slice-1"))
        .andExpect(status().isOk())
        .andExpect(header().string("X-Request-Id", "slice-1"));

    assertThat(logs).hasRecordWithBody("greeted")
        .fromLogger("slice.greeting")
        .atSeverity(Severity.INFO)
        .withAttribute("request.id", "slice-1")
        .withAttribute("url.path", "/greet")
        .single();
  }
}
