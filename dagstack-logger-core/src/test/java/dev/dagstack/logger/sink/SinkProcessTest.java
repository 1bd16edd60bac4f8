package dev.dagstack.logger.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.JsonLinesParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sinks in a real separate JVM: killed with SIGKILL, or exiting without closing them. */
class SinkProcessTest {

  @TempDir
  Path dir;

  private static ProcessBuilder writer(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Ddagstack.logger.sink.shutdownTimeoutMillis=300",
        "-cp", System.getProperty("java.class.path"), SinkWriterProcess.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  @Test
  void aWriterKilledWithSigkillLeavesOnlyCompleteLinesAndAtMostOnePartialLast() throws Exception {
    Path live = dir.resolve("app.jsonl");
    Process process = writer("kill", live.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("writing");
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.sorted().collect(Collectors.toList());
    }
    Set<Long> seen = new HashSet<>();
    int partialLines = 0;
    for (Path file : files) {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      int end = content.lastIndexOf('\n') + 1;
      if (end < content.length()) {
        assertThat(file).as("only the live file may end in a partial line").isEqualTo(live);
        partialLines++;
      }
      for (String line : content.substring(0, end).split("\n")) {
        if (line.isEmpty()) {
          continue;
        }
        LogRecord record = JsonLinesParser.parse(line);
        assertThat(seen.add((Long) record.attributes().get("seq"))).isTrue();
      }
    }
    assertThat(partialLines).isLessThanOrEqualTo(1);
    assertThat(seen.size()).isGreaterThanOrEqualTo(5000);
    // No hole: every record up to the last one written is there, in whichever file.
    assertThat(seen).hasSize((int) (seen.stream().mapToLong(Long::longValue).max().orElseThrow() + 1));
  }

  @Test
  void theShutdownHookWritesWhatAProcessThatExitsWithoutClosingLogged() throws Exception {
    Path live = dir.resolve("app.jsonl");
    Process process = writer("exit", live.toString(), "20000")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(Files.readAllLines(live)).hasSize(20_000);
  }

  @Test
  void theShutdownHookReportsWhatItCouldNotWrite() throws Exception {
    Process process = writer("stuck").redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output)
        .contains("shutdown flush could not write everything: timed out with 3 records pending")
        .contains("stuck-console");
  }

  @Test
  void case13_wideRecordsBehindAStuckSinkDoNotExhaustASmallHeap() throws Exception {
    // 10,000 records of 300 attributes: ~400 MB if buffered by count alone (8192 records).
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-Ddagstack.logger.sink.shutdownTimeoutMillis=300",
        "-cp", System.getProperty("java.class.path"), SinkWriterProcess.class.getName(),
        "wide", "10000"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).doesNotContain("OutOfMemoryError").contains("survived: dropped ");
    assertThat(process.exitValue()).isZero();
    long dropped = Long.parseLong(output.replaceAll("(?s).*survived: dropped (\\d+).*", "$1"));
    assertThat(dropped).isGreaterThan(8_000);
  }
}
