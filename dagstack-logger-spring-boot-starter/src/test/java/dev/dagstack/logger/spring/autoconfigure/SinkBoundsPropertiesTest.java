package dev.dagstack.logger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.sink.FileSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Issue 11: a sink's byte bounds ({@code buffer-bytes}, {@code max-record-bytes}) as properties. */
class SinkBoundsPropertiesTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(DagstackLoggerAutoConfigurationTest.DAGSTACK)
      .withPropertyValues("dagstack.logger.bridge.slf4j.enabled=false");

  @AfterEach
  void resetLogger() {
    Logger.reset();
  }

  @Test
  void maxRecordBytesCutsLongStringsOfAFileSink(@TempDir Path dir) {
    Path file = dir.resolve("app.jsonl");
    runner.withPropertyValues("dagstack.logger.sinks.app.type=file",
        "dagstack.logger.sinks.app.path=" + file,
        "dagstack.logger.sinks.app.buffer-bytes=4MB",
        "dagstack.logger.sinks.app.max-record-bytes=2KB").run(context -> {
          assertThat(context).hasNotFailed();
          Logger.get("bounds").info("big", Attrs.of("payload", "y".repeat(10_000)));
          FileSink sink = context.getBean(FileSink.class);
          assertThat(sink.flush(Duration.ofSeconds(10)).success()).isTrue();
          String line = Files.readString(file, StandardCharsets.UTF_8).strip();
          assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
          assertThat(line).contains("...<cut ");
        });
  }
}
