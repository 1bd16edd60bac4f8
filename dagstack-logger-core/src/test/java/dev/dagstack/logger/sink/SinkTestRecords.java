package dev.dagstack.logger.sink;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Records with fixed times (so their encoded length is known) and file helpers. */
final class SinkTestRecords {

  static final long TIME = 1_700_000_000_000_000_000L;

  private SinkTestRecords() {}

  /** A record with body {@code body}, fixed time and observed time. */
  static LogRecord fixed(String body) {
    return LogRecord.builder().timeUnixNano(TIME).observedTimeUnixNano(TIME).body(body).build();
  }

  /** A record tagged with its producer and sequence number. */
  static LogRecord tagged(long thread, long seq) {
    return LogRecord.builder().timeUnixNano(TIME).body("m")
        .attributes(Attrs.of("t", thread, "seq", seq)).build();
  }

  /** The encoded length of {@code record} with its line feed, in bytes. */
  static int lineLength(LogRecord record) {
    return JsonLinesEncoder.encode(record).getBytes(StandardCharsets.UTF_8).length + 1;
  }

  static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }
}
