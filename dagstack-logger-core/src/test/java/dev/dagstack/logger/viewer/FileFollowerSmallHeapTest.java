package dev.dagstack.logger.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A line too big for the heap (but under the 16 MiB line limit) in a JVM with a 16 MiB heap: only
 * that line is skipped, once, with the true reason, and the lines after it in the same read chunk
 * are kept.
 */
class FileFollowerSmallHeapTest {

  @TempDir
  Path dir;

  /** The child JVM: follows the file once and prints the bodies it read, one a line. */
  public static void main(String[] args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ViewerBuffer buffer = new ViewerBuffer(100);
    FileFollower follower = new FileFollower(List.of(Path.of(args[0])), buffer,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    follower.pollOnce();
    follower.close();
    buffer.snapshot().forEach(e -> System.out.println("body: " + e.record().bodyText()));
    System.out.print(err.toString(StandardCharsets.UTF_8));
  }

  private static String line(String body) {
    return JsonLinesEncoder.encode(LogRecord.builder().severityNumber(9).body(body).build()) + "\n";
  }

  @Test
  void aLineTooBigForTheHeapIsSkippedAloneAndReportedOnce() throws Exception {
    Path log = dir.resolve("app.jsonl");
    try (OutputStream out = Files.newOutputStream(log)) {
      out.write(line("before").getBytes(StandardCharsets.UTF_8));
      byte[] mib = new byte[1 << 20];
      Arrays.fill(mib, (byte) 'x');
      for (int i = 0; i < 15; i++) {
        out.write(mib);
      }
      out.write('\n');
      // In the same 64 KiB read chunk as the end of the huge line.
      out.write((line("after-1") + line("after-2")).getBytes(StandardCharsets.UTF_8));
    }
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx16m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        FileFollowerSmallHeapTest.class.getName(), log.toString())
        .redirectErrorStream(true).start();
    byte[] output = child.getInputStream().readAllBytes();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as(text).isZero();
    assertThat(text.lines().filter(l -> l.startsWith("body: ")))
        .containsExactly("body: before", "body: after-1", "body: after-2");
    List<String> reports = text.lines().filter(l -> l.startsWith(log.toString())).toList();
    assertThat(reports).as(text).hasSize(1);
    assertThat(reports.get(0)).startsWith(log + ":2: line too long for the heap (")
        .endsWith("; skipped").doesNotContain("longer than");
  }
}
