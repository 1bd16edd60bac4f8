package dev.dagstack.logger.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What health checks and meters read of a sink: its buffer depth and whether it is closed. */
class SinkStateTest {

  @Test
  void aFileSinkReportsItsDepthAndItsClosing(@TempDir Path dir) {
    FileSink sink = FileSink.builder(dir.resolve("a.jsonl")).build();
    assertThat(sink.isClosed()).isFalse();
    sink.emit(SinkTestRecords.fixed("one"));
    assertThat(sink.flush(Duration.ofSeconds(5)).success()).isTrue();
    assertThat(sink.bufferDepth()).isZero();
    sink.close();
    assertThat(sink.isClosed()).isTrue();
  }

  @Test
  void anInMemorySinkHasDepthZeroAndReportsItsClosing() {
    Sink sink = new InMemorySink("m", 10, 1);
    assertThat(sink.bufferDepth()).isZero();
    assertThat(sink.isClosed()).isFalse();
    sink.close();
    assertThat(sink.isClosed()).isTrue();
  }

  @Test
  void aSinkThatDoesNotTrackClosingIsNeverReportedClosed() {
    Sink sink = new Sink() {
      @Override
      public String id() {
        return "plain";
      }

      @Override
      public void emit(dev.dagstack.logger.record.LogRecord record) {
      }

      @Override
      public dev.dagstack.logger.record.FlushResult flush(Duration timeout) {
        return dev.dagstack.logger.record.FlushResult.ok();
      }

      @Override
      public void close() {
      }

      @Override
      public boolean supportsSeverity(int severityNumber) {
        return true;
      }
    };
    sink.close();
    assertThat(sink.isClosed()).isFalse();
  }
}
