package dev.dagstack.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.JsonLinesParser;
import dev.dagstack.logger.wire.WireFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sample (its jar holds the code that {@code spring-boot:process-aot} generated in
 * prepare-package) started as a separate JVM, once normally and once with
 * {@code -Dspring.aot.enabled=true}: both place the same order and must write the same records to
 * the app-file sink. A run whose configuration enables another set of sinks than the build's fails
 * at startup, naming both. Run by failsafe after the jar is built ({@code mvn verify}).
 */
class AotModeIT {

  private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
  private static final Duration STARTUP = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void anAotRunWritesTheSameRecordsAsANormalRun() throws Exception {
    List<String> normal = requestRecords(placeOrder(dir.resolve("normal"), false));
    List<String> aot = requestRecords(placeOrder(dir.resolve("aot"), true));

    assertThat(normal).contains("INFO order_service.api: order placed");
    assertThat(aot).isEqualTo(normal);
    assertThat(bodies(dir.resolve("aot"))).anyMatch(body -> body.contains("Starting AOT-processed"));
    assertThat(bodies(dir.resolve("normal"))).noneMatch(body -> body.contains("AOT-processed"));
  }

  @Test
  void aSinkSetOtherThanTheBuildsFailsTheAotRunNamingBoth() throws Exception {
    Process app = start(dir, true, "--order-service.otlp.enabled=true");
    List<String> output = new CopyOnWriteArrayList<>();
    try {
      CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> readLines(app, output));
      assertThat(app.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)).as("the app exits").isTrue();
      drained.get(10, TimeUnit.SECONDS);
    } finally {
      app.destroyForcibly();
    }
    assertThat(app.exitValue()).isNotZero();
    assertThat(String.join("\n", output))
        .contains("Property: dagstack.logger.sinks")
        .contains("AOT-processed")
        .contains("not built: [dagstack.logger.sinks.collector (")
        .doesNotContain("Tomcat started");
  }

  /** Starts the jar, places one order, stops it gracefully; returns the app-file records. */
  private List<LogRecord> placeOrder(Path logDir, boolean aot) throws Exception {
    Process app = start(logDir, aot);
    List<String> output = new CopyOnWriteArrayList<>();
    try {
      CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> readLines(app, output));
      int port = port(output, drained);
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/orders"))
          .header("Content-Type", "application/json")
          .header("X-Request-Id", "aot-mode-it")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"item\":\"book\",\"quantity\":2,\"card_token\":\"tok_test_1\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      // SIGTERM: Spring closes the context, the file sink is flushed and closed.
      app.destroy();
      assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the app stops").isTrue();
      drained.get(10, TimeUnit.SECONDS);
    } finally {
      // Ends the reading thread too (its stream closes with the process).
      app.destroyForcibly();
    }
    return records(logDir);
  }

  /**
   * The port Tomcat reports in the app's output, waiting (on the output's own progress, with a
   * deadline) until it appears or the app exits.
   */
  private static int port(List<String> output, CompletableFuture<Void> drained) throws Exception {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    int seen = 0;
    while (true) {
      for (; seen < output.size(); seen++) {
        Matcher matcher = PORT.matcher(output.get(seen));
        if (matcher.find()) {
          return Integer.parseInt(matcher.group(1));
        }
      }
      if (drained.isDone()) {
        throw new AssertionError("the app exited before Tomcat started:\n"
            + String.join("\n", output));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Tomcat did not start within " + STARTUP);
      }
      synchronized (output) {
        if (seen == output.size() && !drained.isDone()) {
          output.wait(1000);
        }
      }
    }
  }

  /** Reads the app's output into {@code output} until the app closes it (so the pipe never fills). */
  private static void readLines(Process app, List<String> output) {
    try (BufferedReader out = app.inputReader(StandardCharsets.UTF_8)) {
      String line;
      while ((line = out.readLine()) != null) {
        output.add(line);
        synchronized (output) {
          output.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process was destroyed
    } finally {
      synchronized (output) {
        output.notifyAll();
      }
    }
  }

  private Process start(Path logDir, boolean aot, String... args) throws IOException {
    Files.createDirectories(logDir);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dspring.aot.enabled=" + aot,
        "-jar", jar().toString(),
        "--server.port=0", "--server.address=127.0.0.1",
        "--order-service.log-dir=" + logDir,
        "--dagstack.logger.sinks.console.stream=stdout",
        "--dagstack.logger.sinks.console.mode=json",
        "--spring.main.banner-mode=off"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(logDir.toFile()).redirectErrorStream(true).start();
  }

  private static Path jar() throws IOException {
    try (var jars = Files.list(Path.of("target"))) {
      return jars.filter(p -> p.getFileName().toString().matches("sample-app-.*\\.jar"))
          .filter(p -> !p.getFileName().toString().endsWith(".original"))
          .findFirst().orElseThrow(() -> new IllegalStateException(
              "no sample-app jar in target/: run mvn verify (the jar is built in package)"))
          .toAbsolutePath();
    }
  }

  private static List<LogRecord> records(Path logDir) throws IOException, WireFormatException {
    List<LogRecord> records = new ArrayList<>();
    for (String line : Files.readAllLines(logDir.resolve("order-service.jsonl"))) {
      records.add(JsonLinesParser.parse(line));
    }
    return records;
  }

  private static List<String> bodies(Path logDir) throws IOException, WireFormatException {
    return records(logDir).stream().map(LogRecord::bodyText).toList();
  }

  /**
   * The request's records as "SEVERITY scope: body", each followed by its attribute names (their
   * values hold trace ids and durations that differ between runs).
   */
  private static List<String> requestRecords(List<LogRecord> records) {
    List<String> lines = new ArrayList<>();
    for (LogRecord record : records) {
      if (!"aot-mode-it".equals(record.attributes().get("request.id"))) {
        continue;
      }
      lines.add(record.severityText() + " " + record.instrumentationScope().name() + ": "
          + record.bodyText());
      lines.add("  " + new TreeSet<>(record.attributes().keySet()));
    }
    return lines;
  }
}
