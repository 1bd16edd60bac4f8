package dev.dagstack.logger.spring.slice;

import static dev.dagstack.logger.spring.test.LogAssertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.spring.LoggerName;
import dev.dagstack.logger.spring.test.CaptureLogs;
import dev.dagstack.logger.spring.test.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A {@code @WebFluxTest} of a controller that injects {@link Logger}, with no dagstack import: the
 * slice's import file adds the logger and the WebFlux request scope.
 */
@WebFluxTest
@CaptureLogs
// Each context owns its logging, but this suite also tests the Logback bridge, which is
// process-wide and which a cached context keeps attached: close it after the class.
@DirtiesContext
class WebFluxSliceTest {

  @SpringBootConfiguration
  @Import(GreetingController.class)
  static class App {}

  @RestController
  static class GreetingController {
    private final Logger logger;

    GreetingController(@LoggerName("slice.reactive") Logger logger) {
      this.logger = logger;
    }

    @GetMapping("/greet")
    Mono<String> greet() {
      return Mono.fromSupplier(() -> {
        logger.info("greeted");
        return "hello";
      });
    }
  }

  @Autowired
  WebTestClient client;

  @Test
  void theControllersLoggerIsInjectedAndItsRecordCarriesTheRequestId(CapturedLogs logs) {
    client.get().uri("/greet").header("X-Request-Id", "flux-1").exchange()
        .expectStatus().isOk()
        .expectHeader().valueEquals("X-Request-Id", "flux-1");

    assertThat(logs).hasRecordWithBody("greeted")
        .fromLogger("slice.reactive")
        .withAttribute("request.id", "flux-1")
        .single();
  }
}
