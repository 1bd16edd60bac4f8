package dev.dagstack.logger.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Without a token, debug capture is off whatever a request presents (fail closed). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = DebugCaptureOffWebTest.TestApplication.class,
    properties = "dagstack.logger.sinks.memory.type=in-memory")
@DirtiesContext
class DebugCaptureOffWebTest {

  @LocalServerPort
  int port;

  @Autowired
  InMemorySink sink;

  @Test
  void aDebugHeaderWithoutAConfiguredTokenEnablesNothingAndIsReportedOnce() throws Exception {
    Diagnostics.resetRateLimits();
    HttpClient client = HttpClient.newHttpClient();
    try (Diagnostics.Capture diagnostics = Diagnostics.capture()) {
      for (String value : new String[] {"", "anything", "null"}) {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/work"))
            .headers("X-Dagstack-Debug", value.isEmpty() ? " " : value, "X-Request-Id", "off-" + value)
            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Dagstack-Debug-Id")).isEmpty();
      }
      assertThat(diagnostics.messages()).singleElement().asString()
          .contains("dagstack.logger.web.debug.token is not set", "debug capture is off");
    }
    assertThat(sink.records()).filteredOn(r -> r.attributes().containsKey("request.id")
            && !DebugCaptureWebTest.isRequestOperationRecord(r))
        .extracting(LogRecord::bodyText).containsExactly("work done", "work done", "work done");
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Controller.class)
  static class TestApplication {}

  @RestController
  static class Controller {
    @GetMapping("/work")
    String work() {
      Logger.get("off.test").debug("detail");
      org.slf4j.LoggerFactory.getLogger(Controller.class).debug("slf4j detail");
      Logger.get("off.test").info("work done");
      return "done";
    }
  }
}
