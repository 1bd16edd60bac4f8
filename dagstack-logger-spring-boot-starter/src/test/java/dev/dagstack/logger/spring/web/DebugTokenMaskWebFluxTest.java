package dev.dagstack.logger.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The WebFlux side of the token guarantee: with WebFlux's request details at TRACE
 * ({@code spring.http.codecs.log-request-details}, which prints every request header) on a real
 * Netty server, the debug token reaches neither the root sink nor the debug sink.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = DebugTokenMaskWebFluxTest.TestApplication.class,
    properties = {
      "spring.main.web-application-type=reactive",
      "spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure.reactive"
          + ".TomcatReactiveWebServerAutoConfiguration",
      "spring.http.codecs.log-request-details=true",
      "logging.level.org.springframework.web=TRACE",
      "logging.level.reactor.netty=DEBUG",
      "dagstack.logger.sinks.memory.type=in-memory",
      "dagstack.logger.sinks.memory.capacity=20000",
      "dagstack.logger.sinks.debug.type=in-memory",
      "dagstack.logger.web.debug.token=" + DebugTokenMaskWebFluxTest.TOKEN,
      "dagstack.logger.web.debug.sinks=debug"
    })
@DirtiesContext
class DebugTokenMaskWebFluxTest {

  static final String TOKEN = "Rx9-reactive.debug-token";

  @LocalServerPort
  int port;

  @Autowired
  @Qualifier("dagstack.logger.sinks.memory")
  InMemorySink memory;

  @Autowired
  @Qualifier("dagstack.logger.sinks.debug")
  InMemorySink debugSink;

  @Test
  void theTokenAppearsInNoSinkOutput() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo"))
            .headers("X-Request-Id", "fx-masked-1", "X-Dagstack-Debug", TOKEN)
            .timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("X-Dagstack-Debug-Id")).contains("fx-masked-1");

    List<LogRecord> all = new ArrayList<>(memory.records());
    all.addAll(debugSink.records());
    assertThat(all).isNotEmpty()
        .allSatisfy(r -> assertThat(JsonLinesEncoder.encode(r)).doesNotContain(TOKEN));
    // The TRACE line with the request's headers is there, masked.
    assertThat(memory.records()).anySatisfy(r -> assertThat(r.bodyText())
        .containsIgnoringCase("x-dagstack-debug").contains("***").contains("/echo"));
    assertThat(debugSink.records()).anySatisfy(
        r -> assertThat(r.bodyText()).isEqualTo("echo *** done"));
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Controller.class)
  static class TestApplication {}

  @RestController
  static class Controller {
    private final Logger logger = Logger.get("mask.fx.test");

    @GetMapping("/echo")
    Mono<String> echo(ServerHttpRequest request) {
      logger.debug("echo " + request.getHeaders().getFirst("X-Dagstack-Debug") + " done");
      return Mono.just("ok");
    }
  }
}
