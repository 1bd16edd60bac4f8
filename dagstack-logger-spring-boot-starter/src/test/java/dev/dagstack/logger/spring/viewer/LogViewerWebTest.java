package dev.dagstack.logger.spring.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.viewer.ViewerApi;
import dev.dagstack.logger.viewer.ViewerBuffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The {@code logviewer} actuator endpoint over real HTTP: off by default, on the management server when enabled. */
class LogViewerWebTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> get(int port, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Nested
  @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      classes = TestApplication.class,
      properties = "management.endpoints.web.exposure.include=*")
  @DirtiesContext
  class OffByDefault {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void theEndpointAndItsApiAreAbsent() throws Exception {
      assertThat(get(port, "/actuator/health").statusCode()).isEqualTo(200);
      assertThat(get(port, "/actuator").body()).doesNotContain("logviewer");
      assertThat(get(port, "/actuator/logviewer", "Accept", "text/html").statusCode()).isEqualTo(404);
      assertThat(get(port, "/actuator/logviewer/api/records").statusCode()).isEqualTo(404);
      assertThat(context.getBeanNamesForType(ViewerBuffer.class)).isEmpty();
    }
  }

  @Nested
  @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      classes = TestApplication.class,
      properties = {
        "dagstack.logger.viewer.enabled=true",
        "dagstack.logger.viewer.capacity=500",
        "management.server.port=0",
        "management.endpoints.web.exposure.include=health,logviewer"
      })
  @DirtiesContext
  class Enabled {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void servesThePageAndTheApiOnTheManagementServerOnly() throws Exception {
      HttpResponse<String> bare = get(managementPort, "/actuator/logviewer?level=WARN", "Accept", "text/html");
      assertThat(bare.statusCode()).as("to the path with a slash: the page's relative links resolve below it")
          .isEqualTo(302);
      assertThat(bare.headers().firstValue("Location")).hasValue("logviewer/?level=WARN");
      HttpResponse<String> page = get(managementPort, "/actuator/logviewer/", "Accept", "text/html");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/html"));
      assertThat(page.body()).contains("<title>dagstack log viewer</title>");
      assertThat(get(port, "/actuator/logviewer", "Accept", "text/html").statusCode()).isEqualTo(404);
      assertThat(get(port, "/actuator/logviewer/api/records").statusCode()).isEqualTo(404);
    }

    @Test
    void everyViewerResponseCarriesTheSecurityHeaders() throws Exception {
      for (String path : List.of("", "/", "/viewer.js", "/viewer.css", "/api/records", "/api/records/",
          "/api/counts?levle=x", "/api/nothing", "/api/stream?level=nope")) {
        HttpResponse<String> response = get(managementPort, "/actuator/logviewer" + path, "Accept", "text/html");
        ViewerApi.SECURITY_HEADERS.forEach((name, value) ->
            assertThat(response.headers().firstValue(name)).as(path + ": " + name).hasValue(value));
      }
      assertThat(get(managementPort, "/actuator/health").headers().firstValue("Content-Security-Policy"))
          .as("other endpoints are left as they are").isEmpty();
      HttpResponse<String> script = get(managementPort, "/actuator/logviewer/viewer.js");
      assertThat(script.statusCode()).isEqualTo(200);
      assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/javascript"));
      assertThat(script.body()).contains("new EventSource");
      assertThat(get(managementPort, "/actuator/logviewer/other.js").statusCode()).isEqualTo(404);
    }

    @Test
    void unknownParametersAreRefusedAndATrailingSlashIsAccepted() throws Exception {
      HttpResponse<String> typo = get(managementPort, "/actuator/logviewer/api/records?levle=ERROR");
      assertThat(typo.statusCode()).isEqualTo(400);
      assertThat(typo.body()).contains("levle: unknown parameter for api/records; known: level, logger,");
      Logger.get("viewer.test").warn("slash check");
      HttpResponse<String> slash = get(managementPort, "/actuator/logviewer/api/records/?q=slash%20check");
      assertThat(slash.statusCode()).isEqualTo(200);
      assertThat(slash.body()).contains("\"body\":\"slash check\"");
    }

    @Test
    void recordsOfARequestAreFoundByItsRequestId() throws Exception {
      Logger.get("viewer.test").info("other work");
      HttpResponse<String> work = get(port, "/work", "X-Request-Id", "viewer-req-1");
      assertThat(work.statusCode()).isEqualTo(200);
      HttpResponse<String> records = get(managementPort,
          "/actuator/logviewer/api/records?request_id=viewer-req-1");
      assertThat(records.statusCode()).isEqualTo(200);
      assertThat(records.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/json"));
      assertThat(records.body()).contains("\"body\":\"work done\"").contains("\"request.id\":\"viewer-req-1\"")
          .contains("\"capacity\":500").doesNotContain("other work");
      assertThat(get(managementPort, "/actuator/logviewer/api/counts?request_id=viewer-req-1&q=work%20done").body())
          .contains("\"matched\":1");
      assertThat(get(managementPort, "/actuator/logviewer/api/records?level=nope").statusCode())
          .isEqualTo(400);
    }

    @Test
    void secretsArriveRedacted() throws Exception {
      Logger.get("viewer.test").info("login", Map.of("api_token", "tok_very_secret"));
      String body = get(managementPort, "/actuator/logviewer/api/records?q=login").body();
      assertThat(body).contains("\"api_token\":\"***\"").doesNotContain("tok_very_secret");
    }
  }

  @Test
  void closingTheContextEndsOpenStreamsAtOnce() throws Exception {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
        .properties("server.port=0", "server.shutdown=graceful",
            "dagstack.logger.viewer.enabled=true",
            "management.endpoints.web.exposure.include=logviewer")
        .run();
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    HttpResponse<java.io.InputStream> stream = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/actuator/logviewer/api/stream")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    ViewerApi.SECURITY_HEADERS.forEach((name, value) -> assertThat(stream.headers().firstValue(name))
        .as("on the main server too: " + name).hasValue(value));
    CompletableFuture<byte[]> rest = CompletableFuture.supplyAsync(() -> {
      try (java.io.InputStream in = stream.body()) {
        return in.readAllBytes();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    long start = System.nanoTime();
    context.close();
    // The stream would otherwise last ViewerApi.STREAM_SPAN (25 s) and hold graceful shutdown.
    assertThat(new String(rest.get(15, TimeUnit.SECONDS), StandardCharsets.UTF_8)).startsWith("retry: 1000");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ViewerApi.STREAM_SPAN);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Work.class)
  static class TestApplication {}

  @RestController
  static class Work {
    @GetMapping("/work")
    String work() {
      Logger.get("viewer.test").info("work done");
      return "done";
    }
  }
}
