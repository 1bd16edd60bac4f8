package dev.dagstack.logger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Resource;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import dev.dagstack.logger.wire.OtelJsonEncoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's {@code view} as {@link ViewCommand#start} runs it (arguments, follower, server), read
 * over real HTTP: what it serves from the files it is given.
 */
class ViewCommandHttpTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern HELD = Pattern.compile("\"held\":(\\d+)");

  @TempDir Path dir;

  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
  private final List<ViewCommand.Running> running = new ArrayList<>();

  @AfterEach
  void stop() {
    running.forEach(ViewCommand.Running::close);
  }

  private ViewCommand.Running view(String... args) {
    ViewCommand.Running started = ViewCommand.start(List.of(args), err);
    assertThat(started).as(errBytes.toString(StandardCharsets.UTF_8)).isNotNull();
    running.add(started);
    return started;
  }

  private static HttpResponse<String> get(ViewCommand.Running view, String pathAndQuery)
      throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(view.server().url() + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Polls {@code api/counts} until the viewer holds {@code records} records (with a deadline). */
  private static String awaitHeld(ViewCommand.Running view, long records) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      String counts = get(view, "api/counts").body();
      Matcher held = HELD.matcher(counts);
      if (held.find() && Long.parseLong(held.group(1)) >= records) {
        return counts;
      }
      // Each answer is a fresh look at the buffer; the follower reads the file meanwhile.
      assertThat(System.nanoTime()).as("the file is read: " + counts).isLessThan(deadline);
    }
  }

  private static LogRecord record(String body, Map<String, ?> attributes) {
    return LogRecord.builder().timeUnixNano(1_700_000_000_000_000_000L).severityNumber(9)
        .body(body).attributes(attributes)
        .instrumentationScope(new InstrumentationScope("foreign", null, null)).build();
  }

  @Test
  void secretNamedAttributesOfRecordsFromFilesAreServedMasked() throws Exception {
    Map<String, Object> secrets = Map.of("password", "pw-clear-1", "api_token", "tok-clear-2",
        "db.password", "pw-clear-3", "secret", "s-clear-4", "Authorization", "Bearer clear-5",
        "http.request.header.x-api-key", "key-clear-6",
        "nested", Map.of("client_secret", "s-clear-7", "user.id", "u-42"),
        "user.name", "alice");
    LogRecord otel = record("from a collector", Map.of("db_password", "pw-clear-8"))
        .toBuilder().resource(Resource.of(Attrs.of("service.name", "svc",
            "deploy_token", "tok-clear-9"))).build();
    Path file = Files.writeString(dir.resolve("foreign.jsonl"),
        JsonLinesEncoder.encode(record("from another producer", secrets)) + "\n"
            + OtelJsonEncoder.encode(otel) + "\n");

    ViewCommand.Running view = view(file.toString());
    awaitHeld(view, 2);
    String records = get(view, "api/records").body();

    assertThat(records).contains("from another producer", "from a collector")
        .contains("\"password\":\"***\"", "\"api_token\":\"***\"", "\"db.password\":\"***\"",
            "\"secret\":\"***\"", "\"Authorization\":\"***\"",
            "\"http.request.header.x-api-key\":\"***\"", "\"client_secret\":\"***\"",
            "\"db_password\":\"***\"", "\"deploy_token\":\"***\"")
        .contains("\"user.name\":\"alice\"", "\"user.id\":\"u-42\"", "\"service.name\":\"svc\"");
    for (int i = 1; i <= 9; i++) {
      assertThat(records).doesNotContain("clear-" + i);
    }
  }

  @Test
  void theSameFileGivenTwiceOrThroughALinkOrAHardLinkIsReadOnce() throws Exception {
    Path file = Files.writeString(dir.resolve("app.jsonl"),
        JsonLinesEncoder.encode(record("one", Map.of())) + "\n"
            + JsonLinesEncoder.encode(record("two", Map.of())) + "\n");
    Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), file);
    Path hard = Files.createLink(dir.resolve("hard.jsonl"), file);
    // Named last: the follower polls its files in order on one thread, and a poll reads a file
    // this small whole, so once this one's record is held every name before it was read.
    Path last = Files.writeString(dir.resolve("last.jsonl"),
        JsonLinesEncoder.encode(record("three", Map.of())) + "\n");
    ViewCommand.Running view = view(file.toString(), file.toString(), link.toString(),
        hard.toString(), dir.resolve(".").resolve("app.jsonl").toString(), last.toString());
    awaitHeld(view, 3);
    awaitBody(view, "three");

    String records = get(view, "api/records").body();
    assertThat(bodies(records)).as(records).containsExactlyInAnyOrder("one", "two", "three");
    assertThat(get(view, "api/counts").body()).contains("\"held\":3,");
  }

  private static final Pattern BODY = Pattern.compile("\"body\":\"([^\"]*)\"");

  /** The bodies of the records in an {@code api/records} answer, repeats included. */
  private static List<String> bodies(String records) {
    List<String> bodies = new ArrayList<>();
    Matcher m = BODY.matcher(records);
    while (m.find()) {
      bodies.add(m.group(1));
    }
    return bodies;
  }

  /** Polls {@code api/records} until it holds a record with {@code body} (with a deadline). */
  private static void awaitBody(ViewCommand.Running view, String body) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String records;
    while (!bodies(records = get(view, "api/records").body()).contains(body)) {
      assertThat(System.nanoTime()).as("'" + body + "' is read: " + records).isLessThan(deadline);
    }
  }

  @Test
  void aValueThatIsNoNumberIsNamedAsSuch() {
    assertThat(ViewCommand.start(List.of("--max-bytes", "5x", "app.jsonl"), err)).isNull();
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).startsWith("--max-bytes: '5x' is not a"
        + " whole number of bytes (a k, m or g suffix counts KiB, MiB, GiB, e.g. 64m)\n\nusage:");
    errBytes.reset();
    assertThat(ViewCommand.start(List.of("--capacity", "ten", "app.jsonl"), err)).isNull();
    assertThat(errBytes.toString(StandardCharsets.UTF_8))
        .startsWith("--capacity: 'ten' is not a whole number\n\nusage:");
    errBytes.reset();
    assertThat(ViewCommand.start(List.of("--max-bytes", "99999999999g", "app.jsonl"), err))
        .isNull();
    assertThat(errBytes.toString(StandardCharsets.UTF_8))
        .startsWith("--max-bytes: '99999999999g' is too large\n\nusage:");
    errBytes.reset();
    assertThat(ViewCommand.start(List.of("--max-bytes", "9223372036854775808", "app.jsonl"),
        err)).isNull();
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("is too large");
    errBytes.reset();
    assertThat(ViewCommand.start(List.of("--max-bytes", "5k", "app.jsonl"), err)).isNull();
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).as("a number out of range: the range")
        .startsWith("--max-bytes: viewer max-bytes must be at least 1048576 (1 MiB), got '5k'");
    errBytes.reset();
    assertThat(ViewCommand.start(List.of("--capacity", "-99999999999999999999", "app.jsonl"),
        err)).isNull();
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).as("below a long: still the range")
        .startsWith("--capacity: viewer capacity must be from 1 to 1000000 records,"
            + " got '-99999999999999999999'\n\nusage:");
    errBytes.reset();
    assertThat(ViewCommand.start(List.of("--port", "-1", "app.jsonl"), err)).isNull();
    assertThat(errBytes.toString(StandardCharsets.UTF_8))
        .startsWith("--port: must be 0..65535, got '-1'\n\nusage:");
  }

  @Test
  void numbersParseWithTheirSuffixAndNameTheOptionWhenBad() {
    assertThat(ViewCommand.number("--max-bytes", " 64M ")).isEqualTo(64L << 20);
    assertThat(ViewCommand.number("--max-bytes", "8589934591g")).isEqualTo(8589934591L << 30);
    assertThat(ViewCommand.number("--port", "+80")).isEqualTo(80);
    assertThat(ViewCommand.number("--capacity", "-3")).isEqualTo(-3);
    assertThat(ViewCommand.number("--capacity", "-9223372036854775809")).isEqualTo(Long.MIN_VALUE);
    assertThatThrownBy(() -> ViewCommand.number("--port", "80k"))
        .hasMessage("--port: '80k' is not a whole number");
    assertThatThrownBy(() -> ViewCommand.number("--max-bytes", "8589934592g"))
        .hasMessage("--max-bytes: '8589934592g' is too large");
  }

  @Test
  void problemsQuotingAFileLineEscapeItsControlCharacters() throws Exception {
    Path file = Files.writeString(dir.resolve("hostile.jsonl"), MainTest.HOSTILE
        + JsonLinesEncoder.encode(record("after the bad lines", Map.of())) + "\n");
    ViewCommand.Running view = view(file.toString());
    // Lines are read in order: once the good last one is held, the five are reported.
    awaitHeld(view, 1);
    String err = errBytes.toString(StandardCharsets.UTF_8);
    MainTest.assertNoControlCharacters(err);
    assertThat(err).contains(file + ":1: severity_text '\\u001b]0;pwned\\u0007'",
        file + ":2: unknown field '\\u001b[2J'", file + ":3: duplicate key 'a\\u0007'",
        "got '\\u001b[31m\\u009b'");
  }
}
