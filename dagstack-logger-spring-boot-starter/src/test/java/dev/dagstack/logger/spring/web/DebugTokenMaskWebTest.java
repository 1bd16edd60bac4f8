package dev.dagstack.logger.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.FileSink;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.spring.LogFiles;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The debug token reaches no sink, even with Spring's request-detail logging at TRACE
 * ({@code spring.mvc.log-request-details}, which prints every request header), Tomcat's DEBUG
 * lines, the token in the MDC, in a message and under a header-named attribute: a file sink, a
 * root in-memory sink and the debug sink, over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = DebugTokenMaskWebTest.TestApplication.class,
    properties = {
      "spring.mvc.log-request-details=true",
      "logging.level.org.springframework.web=TRACE",
      "logging.level.org.apache.coyote.http11=DEBUG",
      "logging.level.mask.test=DEBUG"
    })
@DirtiesContext
class DebugTokenMaskWebTest {

  private static final Path LOG_FILE = LogFiles.newLogFile();
  private static final String TOKEN = "Zq7-debug-token.value";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("dagstack.logger.sinks.file.type", () -> "file");
    registry.add("dagstack.logger.sinks.file.path", LOG_FILE::toString);
    registry.add("dagstack.logger.sinks.memory.type", () -> "in-memory");
    registry.add("dagstack.logger.sinks.memory.capacity", () -> "20000");
    registry.add("dagstack.logger.sinks.debug.type", () -> "in-memory");
    registry.add("dagstack.logger.web.debug.token", () -> TOKEN);
    registry.add("dagstack.logger.web.debug.sinks", () -> "debug");
  }

  @LocalServerPort
  int port;

  @Autowired
  @Qualifier("dagstack.logger.sinks.memory")
  InMemorySink memory;

  @Autowired
  @Qualifier("dagstack.logger.sinks.debug")
  InMemorySink debugSink;

  @Autowired
  FileSink file;

  @Test
  void theTokenAppearsInNoSinkOutput() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo"))
            .headers("X-Request-Id", "masked-1", "X-Dagstack-Debug", TOKEN)
            .timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("X-Dagstack-Debug-Id")).contains("masked-1");
    assertThat(file.flush(Duration.ofSeconds(10)).success()).isTrue();

    List<LogRecord> all = new ArrayList<>(memory.records());
    all.addAll(debugSink.records());
    all.addAll(LogFiles.records(LOG_FILE));
    assertThat(Files.readString(LOG_FILE)).doesNotContain(TOKEN).contains("***");
    assertThat(all).isNotEmpty().allSatisfy(r -> assertThat(JsonLinesEncoder.encode(r)).doesNotContain(TOKEN));

    // The lines that carried it are there, masked: the TRACE request details of the
    // DispatcherServlet, the application's own records.
    assertThat(memory.records()).anySatisfy(r -> assertThat(r.bodyText())
        .containsIgnoringCase("x-dagstack-debug").contains("***")
        .startsWith("GET \"/echo\""));
    LogRecord echoed = debugSink.records().stream()
        .filter(r -> r.bodyText().startsWith("echo ")).findFirst().orElseThrow();
    assertThat(echoed.bodyText()).isEqualTo("echo *** done");
    assertThat(echoed.attributes()).containsEntry("http.request.header.x-dagstack-debug", "***")
        .containsEntry("debug_header", "***")
        .containsEntry("nested", Attrs.of("list", List.of("a***b")));
    assertThat(memory.records()).anySatisfy(r -> {
      assertThat(r.bodyText()).isEqualTo("slf4j with mdc");
      assertThat(r.attributes()).containsEntry("debug_token_seen", "***");
    });
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Controller.class)
  static class TestApplication {}

  @RestController
  static class Controller {
    private final Logger logger = Logger.get("mask.test");

    @GetMapping("/echo")
    String echo(HttpServletRequest request) {
      String token = request.getHeader("X-Dagstack-Debug");
      logger.info("echo " + token + " done", Map.of(
          "http.request.header.x-dagstack-debug", List.of(token),
          "debug_header", token,
          "nested", Map.of("list", List.of("a" + token + "b"))));
      MDC.put("debug_token_seen", token);
      try {
        LoggerFactory.getLogger("mask.test.slf4j").info("slf4j with mdc");
      } finally {
        MDC.remove("debug_token_seen");
      }
      return "ok";
    }
  }
}
