package dev.dagstack.logger.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.spring.LogFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole application life on real Tomcat, started with {@code --debug}: every line from the
 * first startup line to the last shutdown line is a dagstack record in the file sink, and the
 * console carries dagstack JSON lines only.
 */
@ExtendWith(OutputCaptureExtension.class)
class FirstToLastLineTest {

  @Test
  void everyLineFromStartupToShutdownReachesTheSinksInOneFormat(CapturedOutput output)
      throws Exception {
    Path logFile = LogFiles.newLogFile();
    SpringApplication application = new SpringApplication(LevelApp.class);
    ConfigurableApplicationContext context = application.run("--debug",
        "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
        "--dagstack.logger.sinks.file.type=file", "--dagstack.logger.sinks.file.path=" + logFile,
        "--dagstack.logger.sinks.console.type=console", "--dagstack.logger.sinks.console.mode=json",
        "--dagstack.logger.sinks.console.min-severity=info");
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/order"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    context.close();

    List<LogRecord> records = LogFiles.records(logFile);
    List<String> bodies = records.stream().map(LogRecord::bodyText).toList();
    assertThat(bodies.get(0)).startsWith("Starting ").contains(" using Java ");
    assertThat(bodies).contains("lifecycle bean started", "lifecycle bean stopping", "slf4j placed");
    // The web server's shutdown lines, logged while Tomcat stops.
    assertThat(records).anyMatch(r -> r.instrumentationScope().name().startsWith("org.springframework.boot.tomcat")
        && r.bodyText().equals("Graceful shutdown complete"));
    // --debug: Boot's own DEBUG lines, as records.
    assertThat(records).anyMatch(r -> r.severityNumber() == Severity.DEBUG
        && r.instrumentationScope().name().startsWith("org.springframework.boot"));
    // The @PreDestroy line comes after Tomcat stopped: the sinks outlive the application's beans.
    assertThat(bodies.indexOf("lifecycle bean stopping"))
        .isGreaterThan(indexOf(records, "Graceful shutdown complete"));
    // Spring's commons-logging marker and Micrometer's MDC copies of the trace ids are not noise
    // in every record.
    assertThat(records).noneMatch(r -> r.attributes().containsKey("logback.marker")
        || r.attributes().containsKey("traceId"));

    // One format on the console: dagstack JSON lines (the sink's and the diagnostic channel's).
    List<String> lines = output.getAll().lines().filter(line -> !line.isBlank()).toList();
    assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{"));
    assertThat(output.getAll()).contains("\"body\":\"Starting ");
  }

  @Test
  void recordsLoggedBeforeTheSinksExistGoThroughTheProcessorsToo() throws Exception {
    // Boot's first lines are held until the configuration is applied; the processor chain
    // (a body pattern, an enrich) applies to them as to every later record.
    Path logFile = LogFiles.newLogFile();
    ConfigurableApplicationContext context = new SpringApplication(LevelApp.class).run(
        "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
        "--dagstack.logger.sinks.file.type=file", "--dagstack.logger.sinks.file.path=" + logFile,
        "--dagstack.logger.processors[0].type=redaction",
        "--dagstack.logger.processors[0].patterns[0].pattern=Java [0-9.]+",
        "--dagstack.logger.processors[0].patterns[0].replacement=Java ***",
        "--dagstack.logger.processors[0].scan-body=true",
        "--dagstack.logger.processors[1].type=enrich",
        "--dagstack.logger.processors[1].attributes.deployment.region=eu-west-1");
    context.close();

    List<LogRecord> records = LogFiles.records(logFile);
    LogRecord first = records.get(0);
    assertThat(first.bodyText()).startsWith("Starting ").contains(" using Java ***")
        .doesNotContainPattern("Java [0-9]");
    assertThat(records).allSatisfy(r -> assertThat(r.attributes())
        .containsEntry("deployment.region", "eu-west-1"));
  }

  private static int indexOf(List<LogRecord> records, String prefix) {
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i).bodyText().startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
