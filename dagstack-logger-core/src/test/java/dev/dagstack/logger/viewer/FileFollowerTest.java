package dev.dagstack.logger.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileFollower} on real files, driven one poll at a time ({@link FileFollower#pollOnce}),
 * so that each rotation happens between two known polls.
 */
class FileFollowerTest {

  @TempDir
  Path dir;
  Path log;
  ViewerBuffer buffer;
  ByteArrayOutputStream errBytes;
  FileFollower follower;

  @BeforeEach
  void setUp() {
    log = dir.resolve("app.jsonl");
    buffer = new ViewerBuffer(1000);
    errBytes = new ByteArrayOutputStream();
    follower = new FileFollower(List.of(log), buffer,
        new PrintStream(errBytes, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void tearDown() {
    follower.close();
  }

  private static String lines(String prefix, int count) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(i -> JsonLinesEncoder.encode(LogRecord.builder().severityNumber(9)
            .body(prefix + "-" + i).build()) + "\n")
        .collect(Collectors.joining());
  }

  private void append(String text) throws IOException {
    Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private List<String> bodies() {
    return buffer.snapshot().stream().map(e -> e.record().bodyText()).toList();
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void namesOfOneFileAreFollowedOnce() throws IOException {
    append(lines("a", 1));
    Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), log);
    Path hard = Files.createLink(dir.resolve("hard.jsonl"), log);
    Path other = Files.writeString(dir.resolve("other.jsonl"), lines("b", 1));
    Path missing = dir.resolve("later.jsonl");
    assertThat(FileFollower.distinct(List.of(log, link, hard, dir.resolve(".").resolve("app.jsonl"),
        other, missing, dir.resolve("sub/../later.jsonl"), log)))
        .containsExactly(log, other, missing);
  }

  @Test
  void followsAppendedLinesAndWaitsForAPartialLine() throws IOException {
    append(lines("a", 2));
    follower.pollOnce();
    assertThat(bodies()).containsExactly("a-1", "a-2");
    String next = lines("b", 1);
    append(next.substring(0, 10));
    follower.pollOnce();
    assertThat(bodies()).hasSize(2);
    append(next.substring(10));
    follower.pollOnce();
    assertThat(bodies()).containsExactly("a-1", "a-2", "b-1");
  }

  @Test
  void aFileReplacedByABiggerOneIsReadFromItsStart() throws IOException {
    append(lines("old", 2));
    follower.pollOnce();
    Files.move(log, dir.resolve("app.jsonl.1"));
    append(lines("new", 5)); // logrotate's create mode: a new file, bigger than what was read
    assertThat(Files.size(log)).isGreaterThan(Files.size(dir.resolve("app.jsonl.1")));
    follower.pollOnce();
    assertThat(bodies()).containsExactly("old-1", "old-2", "new-1", "new-2", "new-3", "new-4", "new-5");
    assertThat(err()).contains(log + ": replaced by a new file (rotated); reading it from the start");
    append(lines("more", 1));
    follower.pollOnce();
    assertThat(bodies()).endsWith("new-5", "more-1");
  }

  @Test
  void linesWrittenToTheOldFileAfterItsRenameAreNotLost() throws IOException {
    append(lines("old", 1));
    follower.pollOnce();
    Path rotated = dir.resolve("app.jsonl.1");
    Files.move(log, rotated);
    // The application still holds the old file until it reopens its log.
    Files.writeString(rotated, lines("late", 1) + "{\"tail\":", StandardOpenOption.APPEND);
    append(lines("new", 3));
    follower.pollOnce();
    assertThat(bodies()).containsExactly("old-1", "late-1", "new-1", "new-2", "new-3");
    assertThat(err()).as("the old file's cut last line is reported, not glued to the new file")
        .contains(log + ":3: ");
  }

  @Test
  void aFileThatIsMissingAtFirstIsPickedUpAndReportedOnce() throws IOException {
    follower.pollOnce();
    follower.pollOnce();
    assertThat(err()).isEqualTo(log + ": not found (yet); waiting for it" + System.lineSeparator());
    append(lines("late", 1));
    follower.pollOnce();
    assertThat(bodies()).containsExactly("late-1");
  }

  @Test
  void aDeletedFileThatComesBackIsReadFromItsStart() throws IOException {
    append(lines("first", 2));
    follower.pollOnce();
    Files.delete(log);
    follower.pollOnce();
    follower.pollOnce();
    append(lines("second", 3));
    follower.pollOnce();
    assertThat(bodies()).containsExactly("first-1", "first-2", "second-1", "second-2", "second-3");
    assertThat(err()).as("the old file is kept open while the path is gone; the new one is news")
        .isEqualTo(log + ": replaced by a new file (rotated); reading it from the start" + System.lineSeparator());
  }

  @Test
  void aLineOfInvalidUtf8IsReportedAsTheCliReportsItNotRepaired() throws IOException {
    append(lines("good", 1));
    String bad = lines("w\u00e9rmup", 1);
    int at = bad.indexOf('\u00e9');
    byte[] bytes = bad.getBytes(StandardCharsets.ISO_8859_1); // é as the one byte 0xE9
    Files.write(log, bytes, StandardOpenOption.APPEND);
    append(lines("after", 1));
    follower.pollOnce();
    assertThat(bodies()).containsExactly("good-1", "after-1");
    assertThat(err()).contains(log + ":2: invalid UTF-8 at byte " + (at + 1));
  }

  @Test
  void copytruncateToAShorterFileRestartsFromZero() throws IOException {
    append(lines("before", 4));
    follower.pollOnce();
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
    append(lines("after", 1));
    follower.pollOnce();
    assertThat(bodies()).containsExactly("before-1", "before-2", "before-3", "before-4", "after-1");
    assertThat(err()).contains(log + ": truncated or rewritten (copytruncate?); reading it from the start");
  }

  @Test
  void copytruncateThenMoreThanBeforeIsStillSeenAsARestart() throws IOException {
    append(lines("before", 2));
    follower.pollOnce();
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
    append(lines("after-more-text", 6)); // already longer than the position read before
    follower.pollOnce();
    assertThat(bodies()).containsExactly("before-1", "before-2", "after-more-text-1",
        "after-more-text-2", "after-more-text-3", "after-more-text-4", "after-more-text-5",
        "after-more-text-6");
  }

  @Test
  void aHugeLineIsSkippedAndTheNextOnesAreRead() throws IOException {
    append(lines("a", 1));
    try (var out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
      byte[] x = new byte[1 << 20];
      java.util.Arrays.fill(x, (byte) 'x');
      for (int i = 0; i <= FileFollower.MAX_LINE_BYTES >> 20; i++) {
        out.write(x);
      }
      out.write('\n');
    }
    append(lines("b", 1));
    follower.pollOnce();
    assertThat(bodies()).containsExactly("a-1", "b-1");
    assertThat(err()).isEqualTo(log + ":2: line longer than " + FileFollower.MAX_LINE_BYTES
        + " bytes; skipped" + System.lineSeparator());
  }

  @Test
  void aDirectoryIsReportedOnceNotOnEveryPoll() throws IOException {
    Files.createDirectory(log);
    follower.pollOnce();
    follower.pollOnce();
    follower.pollOnce();
    assertThat(err()).isEqualTo(log + ": is a directory; give the log files in it" + System.lineSeparator());
  }

  @Test
  void theFollowerThreadPicksUpAppendedLines() throws Exception {
    append(lines("x", 1));
    ViewerBuffer own = new ViewerBuffer(10);
    try (FileFollower running = FileFollower.start(List.of(log), own,
        new PrintStream(OutputStream.nullOutputStream()))) {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      while (own.lastSeq() < 1 && System.nanoTime() < deadline) {
        own.awaitAfter(own.lastSeq(), java.time.Duration.ofMillis(200));
      }
      assertThat(own.lastSeq()).isEqualTo(1);
    }
  }

  @Test
  void aParserFaultIsReportedAsTheLinesProblemEscapedAndTheFollowingGoesOn() throws IOException {
    List<String> tried = new ArrayList<>();
    FileFollower.LineFormat faulty = line -> {
      tried.add("faulty");
      if (line.contains("boom")) {
        throw new IllegalStateException("boom\n\u001b]0;title\u0007");
      }
      return FileFollower.FORMATS.get(0).parse(line);
    };
    FileFollower.LineFormat next = line -> {
      tried.add("next");
      return FileFollower.FORMATS.get(0).parse(line);
    };
    try (FileFollower faultyFollower = new FileFollower(List.of(log), buffer,
        new PrintStream(errBytes, true, StandardCharsets.UTF_8), List.of(faulty, next))) {
      append("boom\n" + lines("a", 1));
      faultyFollower.pollOnce();
    }
    assertThat(err()).isEqualTo(log + ":1: cannot read the line: java.lang.IllegalStateException:"
        + " boom\\n\\u001b]0;title\\u0007" + System.lineSeparator());
    assertThat(tried).as("a fault ends the line's formats").containsExactly("faulty", "faulty");
    assertThat(bodies()).containsExactly("a-1");
  }
}
