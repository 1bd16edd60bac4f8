package dev.dagstack.logger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.diagnostic.Diagnostics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI in process (the packaged jar is run by {@link CliIT}). */
class MainTest {

  private static final String GOOD = "{\"body\":\"hello\",\"instrumentation_scope\":{\"name\":"
      + "\"svc\"},\"severity_number\":9,\"severity_text\":\"INFO\","
      + "\"time_unix_nano\":1795256130123456789}";

  @TempDir Path dir;

  private record Result(int exit, String out, String err) {}

  private static Result run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        out, new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(exit, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aFileNameWithControlAndBidiCharactersReachesStandardErrorEscaped() throws Exception {
    Path hostile = dir.resolve("esc\u001b]0;pwned\u0007\u202ename.jsonl");
    java.nio.file.Files.writeString(hostile, "not json\n");
    Result result = run("", "validate", hostile.toString());
    assertThat(result.exit()).isNotZero();
    assertThat(result.err()).doesNotContain("\u001b", "\u0007", "\u202e")
        .contains("esc\\u001b]0;pwned\\u0007\\u202ename.jsonl");
    assertThat(result.err()).contains("\n"); // the lines themselves stay lines
  }

  @Test
  void prettyOfAHugeListWritesItWholeAndReportsNothing() {
    StringBuilder list = new StringBuilder("[");
    int size = 150_000;
    for (int i = 0; i < size; i++) {
      list.append(i == 0 ? "" : ",").append(i);
    }
    list.append(']');
    String line = GOOD.replace("{\"body\"", "{\"attributes\":{\"ids\":" + list + "},\"body\"");
    try (Diagnostics.Capture diagnostics = Diagnostics.capture()) {
      Result result = run(line + "\n", "pretty", "--no-color");
      assertThat(result.exit()).isZero();
      assertThat(result.err()).isEmpty();
      assertThat(result.out()).contains("ids=[0,1,2,").endsWith(",149999]\n");
      assertThat(diagnostics.records()).isEmpty();
    }
  }

  @Test
  void aDirectoryIsUnreadableAsAWholeWithoutALineNumber() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("logs"));
    Result result = run("", "validate", sub.toString());
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(sub + ": cannot read: is a directory\n");
    assertThat(result.out()).isEqualTo("0 lines checked: 0 valid, 0 bad, 1 unreadable input\n");
  }

  @Test
  void negativeTimestampsAreRejected() {
    Result result = run(GOOD.replace("1795256130123456789", "-1") + "\n"
        + GOOD.replace("{\"body\"", "{\"observed_time_unix_nano\":-5,\"body\"") + "\n",
        "validate");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(
        "<stdin>:1: time_unix_nano must be a non-negative integer, got -1\n"
        + "<stdin>:2: observed_time_unix_nano must be a non-negative integer, got -5\n");
    assertThat(result.out()).isEqualTo("2 lines checked: 0 valid, 2 bad\n");
  }

  @Test
  void blankLinesAreSkippedByEveryCommandAndKeepTheLineNumbers() {
    String input = "\n" + GOOD + "\n  \t\n\r\n" + GOOD.replace("1795256130123456789", "-1") + "\n\n";
    Result validate = run(input, "validate");
    assertThat(validate.out()).isEqualTo("2 lines checked: 1 valid, 1 bad\n");
    assertThat(validate.err()).isEqualTo(
        "<stdin>:5: time_unix_nano must be a non-negative integer, got -1\n");
    Result canonical = run(input, "canonicalize");
    assertThat(canonical.out().lines()).hasSize(1).noneMatch(String::isBlank);
    assertThat(canonical.err()).startsWith("<stdin>:5:");
    Result pretty = run(input, "pretty", "--no-color");
    assertThat(pretty.out().lines()).hasSize(1);
    assertThat(pretty.err()).startsWith("<stdin>:5:");
  }

  /** Lines whose problems quote text with terminal escapes (JSON-escaped, so valid strings). */
  static final String HOSTILE = String.join("\n",
      GOOD.replace("\"INFO\"", "\"\\u001b]0;pwned\\u0007\""),
      GOOD.replace("{\"body\"", "{\"\\u001b[2J\":1,\"body\""),
      GOOD.replace("{\"body\"", "{\"attributes\":{\"a\\u0007\":1,\"a\\u0007\":2},\"body\""),
      GOOD.substring(0, GOOD.length() - 1) + ",\"trace_id\":\"\\u001b[31m\\u009b\"}",
      "{\"resourceLogs\":[{\"x\\u001b\\u2028\":1}]}") + "\n";

  /** No control character but the line feeds that end the messages. */
  static void assertNoControlCharacters(String err) {
    assertThat(err.replace("\n", "")).as(err)
        .doesNotContainPattern("[\\p{Cntrl}\\u0080-\\u009f\\u2028\\u2029]");
  }

  @Test
  void problemsQuotingTheLineEscapeItsControlCharacters() {
    Result result = run(HOSTILE, "validate");
    assertThat(result.out()).isEqualTo("5 lines checked: 0 valid, 5 bad\n");
    assertNoControlCharacters(result.err());
    assertThat(result.err()).isEqualTo(String.join("\n",
        "<stdin>:1: severity_text '\\u001b]0;pwned\\u0007' does not match severity_number 9"
            + " (expected 'INFO')",
        "<stdin>:2: unknown field '\\u001b[2J'",
        "<stdin>:3: duplicate key 'a\\u0007' in attributes",
        "<stdin>:4: trace_id must be 32 lowercase hex characters, not all zeros; got"
            + " '\\u001b[31m\\u009b'",
        "<stdin>:5: unknown field 'resourceLogs[0].x\\u001b\\u2028'") + "\n");
  }

  @Test
  void aProblemQuotingALineFeedStaysOnItsOneLine() {
    // The key decodes to "x\n<stdin>:9: forged"; standard error keeps line feeds, the message
    // does not: each report is one line, so a line cannot forge another one.
    Result result = run(GOOD.replace("{\"body\"", "{\"x\\n<stdin>:9: forged\":1,\"body\"") + "\n",
        "validate");
    assertThat(result.err()).isEqualTo("<stdin>:1: unknown field 'x\\n<stdin>:9: forged'\n");
  }

  @Test
  void oneLineIsCountedInTheSingular() {
    Result result = run(GOOD + "\n", "validate");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("1 line checked: 1 valid, 0 bad\n");
  }
}
