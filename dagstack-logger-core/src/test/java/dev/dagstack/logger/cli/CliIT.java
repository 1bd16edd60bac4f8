package dev.dagstack.logger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged jar with {@code java -jar}, as an operator would, on real files and pipes. */
class CliIT {

  private static final String GOOD = "{\"attributes\":{\"user.id\":42},\"body\":\"hello\","
      + "\"instrumentation_scope\":{\"name\":\"svc\"},\"severity_number\":9,"
      + "\"severity_text\":\"INFO\",\"time_unix_nano\":1795256130123456789}";
  /** The same record, not canonical: key order, whitespace, a 1.50 and an escaped slash. */
  private static final String UNORDERED = "{ \"time_unix_nano\": 1795256130123456789, "
      + "\"severity_text\":\"WARN\",\"severity_number\":13,\"body\":\"a\\/b\","
      + "\"instrumentation_scope\":{\"name\":\"svc\"},\"attributes\":{\"z\":1.50,\"a\":\"x y\"}}";
  private static final String UNORDERED_CANONICAL = "{\"attributes\":{\"a\":\"x y\",\"z\":1.5},"
      + "\"body\":\"a/b\",\"instrumentation_scope\":{\"name\":\"svc\"},\"severity_number\":13,"
      + "\"severity_text\":\"WARN\",\"time_unix_nano\":1795256130123456789}";
  private static final String PRETTY_GOOD =
      "2026-11-21T10:15:30.123456Z [INFO] svc: hello | user.id=42";

  private static Path jar;

  @TempDir Path dir;

  @BeforeAll
  static void findJar() throws IOException {
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> found =
        Files.newDirectoryStream(Path.of("target"), "dagstack-logger-core-*.jar")) {
      for (Path p : found) {
        String name = p.getFileName().toString();
        if (!name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar")) {
          jars.add(p);
        }
      }
    }
    assertThat(jars).as("the packaged jar under target/").hasSize(1);
    jar = jars.get(0).toAbsolutePath();
  }

  private record Result(int exit, String out, String err) {}

  private static List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m", "-jar",
        jar.toString()));
    command.addAll(Arrays.asList(args));
    return command;
  }

  private Result run(byte[] stdin, String... args) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command(args)).directory(dir.toFile());
    builder.environment().remove("NO_COLOR");
    Process process = builder.start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin);
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the CLI finished").isTrue();
    return new Result(process.exitValue(),
        new String(out.get(), StandardCharsets.UTF_8), new String(err.get(), StandardCharsets.UTF_8));
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aValueCutWhileConvertingIsSaidWhereItsLineIs() throws Exception {
    String deep = "\"leaf\"";
    for (int i = 0; i < 200; i++) {
      deep = "{\"k\":" + deep + "}";
    }
    file("deep.jsonl", (GOOD + "\n" + GOOD.replace("{\"user.id\":42}", "{\"deep\":" + deep + "}")
        + "\n").getBytes(StandardCharsets.UTF_8));
    Result result = run(new byte[0], "canonicalize", "--to", "otel-json", "deep.jsonl");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("<max depth exceeded>");
    assertThat(result.err())
        .isEqualTo("deep.jsonl:2: attribute value nested deeper than 128 levels was cut off\n");
  }

  @Test
  void aReaderThatStopsEarlyEndsItQuietlyWithTheSigpipeStatus() throws Exception {
    // `pretty big.jsonl | head -1`: far more output than a pipe holds, one line read.
    Path big = file("big.jsonl", (GOOD + "\n").repeat(50_000).getBytes(StandardCharsets.UTF_8));
    Process process = new ProcessBuilder(command("pretty", "--no-color", big.toString()))
        .directory(dir.toFile()).start();
    process.getOutputStream().close();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo(PRETTY_GOOD);
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the CLI finished").isTrue();
    assertThat(process.exitValue()).isEqualTo(141);
    assertThat(new String(err.get(), StandardCharsets.UTF_8)).isEmpty();
  }

  private Path file(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private static byte[] lines(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void canonicalizeRewritesGoodLinesAndReportsBadOnes() throws Exception {
    byte[] invalidUtf8 = {'{', '"', (byte) 0xc3, (byte) 0x28, '"', '}', '\n'};
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.write(lines(GOOD, "not json", UNORDERED));
    content.write(invalidUtf8);
    content.write(lines(GOOD.replace("\"severity_number\":9", "\"severity_number\":30")));
    content.write(GOOD.getBytes(StandardCharsets.UTF_8)); // last line without a line feed
    file("app.jsonl", content.toByteArray());

    Result result = run(new byte[0], "canonicalize", "app.jsonl");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).isEqualTo(GOOD + "\n" + UNORDERED_CANONICAL + "\n" + GOOD + "\n");
    assertThat(result.err().split("\n")).containsExactly(
        "app.jsonl:2: invalid JSON at column 1: expected a JSON object",
        "app.jsonl:4: invalid UTF-8 at byte 3",
        "app.jsonl:5: severity_number 30 is outside 1..24");
  }

  @Test
  void canonicalizeOfCanonicalLinesIsTheIdentity() throws Exception {
    file("a.jsonl", lines(GOOD, UNORDERED_CANONICAL));
    Result result = run(new byte[0], "canonicalize", "a.jsonl");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out()).isEqualTo(GOOD + "\n" + UNORDERED_CANONICAL + "\n");
  }

  @Test
  void validateReportsEachBadLineAndEndsWithACount() throws Exception {
    file("a.jsonl", lines(GOOD, GOOD.replace("\"INFO\"", "\"WARN\"")));
    file("b.jsonl", lines(GOOD, "", UNORDERED));

    Result result = run(new byte[0], "validate", "a.jsonl", "b.jsonl", "missing.jsonl");

    assertThat(result.exit()).isEqualTo(1);
    // The blank line of b.jsonl is skipped, neither valid nor bad; b.jsonl:3 keeps its number.
    assertThat(result.out()).isEqualTo("4 lines checked: 3 valid, 1 bad, 1 unreadable input\n");
    assertThat(result.err().split("\n")).containsExactly(
        "a.jsonl:2: severity_text 'WARN' does not match severity_number 9 (expected 'INFO')",
        "missing.jsonl: cannot read: no such file");
  }

  @Test
  void validateOfAGoodFileExitsZero() throws Exception {
    file("a.jsonl", lines(GOOD, GOOD));
    Result result = run(new byte[0], "validate", "a.jsonl");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("2 lines checked: 2 valid, 0 bad\n");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void readsStandardInputWhenNoFileOrADashIsGiven() throws Exception {
    Result noFile = run(lines(UNORDERED), "canonicalize");
    assertThat(noFile.out()).isEqualTo(UNORDERED_CANONICAL + "\n");
    assertThat(noFile.exit()).isZero();

    file("a.jsonl", lines(GOOD));
    Result dash = run(lines("oops"), "canonicalize", "a.jsonl", "-");
    assertThat(dash.out()).isEqualTo(GOOD + "\n");
    assertThat(dash.err()).startsWith("<stdin>:1: invalid JSON at column 1");
    assertThat(dash.exit()).isEqualTo(1);
  }

  @Test
  void prettyRendersWithoutColourIntoAPipe() throws Exception {
    Result plain = run(lines(GOOD, UNORDERED), "pretty");
    assertThat(plain.exit()).isZero();
    assertThat(plain.out()).isEqualTo(PRETTY_GOOD + "\n"
        + "2026-11-21T10:15:30.123456Z [WARN] svc: a/b | a=\"x y\" z=1.5\n");
    Result noColor = run(lines(GOOD), "pretty", "--no-color");
    assertThat(noColor.out()).isEqualTo(PRETTY_GOOD + "\n");
  }

  @Test
  void usageErrorsExitTwoWithHelp() throws Exception {
    Result none = run(new byte[0]);
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("usage:").contains("canonicalize").contains("pretty [--no-color]");
    Result unknown = run(new byte[0], "prettify");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("unknown command 'prettify'").contains("usage:");
    Result option = run(new byte[0], "validate", "--no-color");
    assertThat(option.exit()).isEqualTo(2);
    Result help = run(new byte[0], "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("usage:");
  }

  /** {@code tail -f app.jsonl | java -jar … pretty}: each line shows while the input stays open. */
  @Test
  void followsAnOpenPipeLineByLine() throws Exception {
    for (String mode : List.of("pretty", "canonicalize")) {
      Process process = new ProcessBuilder(command(mode)).directory(dir.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try (Writer in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
          BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (int i = 0; i < 3; i++) {
          in.write(GOOD + "\n");
          in.flush();
          // The input stays open: the line must arrive anyway.
          String line = CompletableFuture.supplyAsync(() -> {
            try {
              return out.readLine();
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).get(60, TimeUnit.SECONDS);
          assertThat(line).isEqualTo(mode.equals("pretty") ? PRETTY_GOOD : GOOD);
        }
      }
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
    }
  }

  /** A file several times larger than the CLI's 32 MiB heap streams through. */
  @Test
  void streamsFilesLargerThanTheHeap() throws Exception {
    Path big = dir.resolve("big.jsonl");
    byte[] line = (UNORDERED + "\n").getBytes(StandardCharsets.UTF_8);
    long lines = 0;
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(big), 1 << 16)) {
      while (lines * line.length < 100L << 20) {
        out.write(line);
        lines++;
      }
      out.write(lines("bad"));
    }
    Result result = run(new byte[0], "validate", "big.jsonl");
    assertThat(result.out()).isEqualTo((lines + 1) + " lines checked: " + lines + " valid, 1 bad\n");
    assertThat(result.err())
        .isEqualTo("big.jsonl:" + (lines + 1) + ": invalid JSON at column 1: expected a JSON object\n");
    assertThat(result.exit()).isEqualTo(1);
  }

  @Test
  void viewServesTheFilesOnLoopbackAndFollowsThem() throws Exception {
    Path log = file("app.jsonl", lines(GOOD));
    Process process = new ProcessBuilder(command("view", "--port", "0", log.toString()))
        .directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try (java.io.BufferedReader err = new java.io.BufferedReader(
        new java.io.InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String banner = CompletableFuture.supplyAsync(() -> {
        try {
          return err.readLine();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).get(30, TimeUnit.SECONDS);
      java.util.regex.Matcher url = java.util.regex.Pattern
          .compile("(http://127\\.0\\.0\\.1:\\d+/)").matcher(banner);
      assertThat(url.find()).as(banner).isTrue();
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(url.group(1))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(page.body()).contains("<title>dagstack log viewer</title>");
      Files.write(log, lines(UNORDERED), java.nio.file.StandardOpenOption.APPEND);
      java.net.URI records = java.net.URI.create(url.group(1) + "api/records?level=WARN");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      String body;
      do {
        assertThat(System.nanoTime()).as("the appended line is followed").isLessThan(deadline);
        // Polls the API as a browser would; each answer reflects the file at that moment.
        body = http.send(java.net.http.HttpRequest.newBuilder(records).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      } while (!body.contains("\"seq\":2"));
      assertThat(body).contains(UNORDERED_CANONICAL).doesNotContain("hello");
    } finally {
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void viewPrintsItsAddressBeforeReportingAMissingFile() throws Exception {
    Process process = new ProcessBuilder(command("view", "--max-bytes", "8m", "later.jsonl"))
        .directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try (java.io.BufferedReader err = new java.io.BufferedReader(
        new java.io.InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      List<String> first = CompletableFuture.supplyAsync(() -> {
        try {
          return List.of(err.readLine(), err.readLine());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).get(30, TimeUnit.SECONDS);
      assertThat(first.get(0)).startsWith("dagstack log viewer: http://127.0.0.1:");
      assertThat(first.get(1)).isEqualTo("later.jsonl: not found (yet); waiting for it");
    } finally {
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void viewRejectsBadArgumentsWithUsage() throws Exception {
    Result noFile = run(new byte[0], "view");
    assertThat(noFile.exit()).isEqualTo(2);
    assertThat(noFile.err()).contains("view needs at least one FILE");
    Result badPort = run(new byte[0], "view", "--port", "70000", "x.jsonl");
    assertThat(badPort.exit()).isEqualTo(2);
    assertThat(badPort.err()).contains("--port: must be 0..65535, got '70000'");
    Result hugeCapacity = run(new byte[0], "view", "--capacity", "2000000000", "x.jsonl");
    assertThat(hugeCapacity.exit()).as("a usage error, not an OutOfMemoryError").isEqualTo(2);
    assertThat(hugeCapacity.err()).startsWith("--capacity: viewer capacity must be from 1 to 1000000"
        + " records, got '2000000000'\n\nusage:");
    Result smallBytes = run(new byte[0], "view", "--max-bytes", "1k", "x.jsonl");
    assertThat(smallBytes.exit()).isEqualTo(2);
    assertThat(smallBytes.err()).contains("--max-bytes: viewer max-bytes must be at least 1048576");
    Result streams = run(new byte[0], "view", "--max-streams", "0", "x.jsonl");
    assertThat(streams.exit()).isEqualTo(2);
    assertThat(streams.err()).contains("--max-streams: viewer max-streams must be from 1 to 1000, got '0'");
    Result stdin = run(new byte[0], "view", "-");
    assertThat(stdin.exit()).isEqualTo(2);
    assertThat(stdin.err()).startsWith("-: standard input cannot be followed; give a file");
    Files.createDirectories(dir.resolve("logs"));
    Result directory = run(new byte[0], "view", "logs");
    assertThat(directory.exit()).isEqualTo(2);
    assertThat(directory.err()).startsWith("logs: is a directory; view follows files, e.g. "
        + Path.of("logs", "app.jsonl") + "\n\nusage:");
    assertThat(directory.err().split("is a directory", -1)).as("reported once").hasSize(2);
  }
}
