package dev.dagstack.logger.spring;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.JsonLinesParser;
import dev.dagstack.logger.wire.WireFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Log files of file sinks in web tests. */
public final class LogFiles {

  private LogFiles() {}

  /** A not-yet-existing {@code app.jsonl} in a new temporary folder. */
  public static Path newLogFile() {
    try {
      Path dir = Files.createTempDirectory("dagstack-web-test");
      dir.toFile().deleteOnExit();
      return dir.resolve("app.jsonl");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every record of {@code file}; a line that is not a dagstack record fails the test. */
  public static List<LogRecord> records(Path file) throws IOException {
    List<LogRecord> records = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      try {
        records.add(JsonLinesParser.parse(line));
      } catch (WireFormatException e) {
        throw new AssertionError("not a dagstack record: " + line, e);
      }
    }
    return records;
  }
}
