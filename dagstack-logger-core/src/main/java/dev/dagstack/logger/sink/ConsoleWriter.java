package dev.dagstack.logger.sink;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Clock;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.RecordEncoder;
import dev.dagstack.logger.wire.WireFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@link ConsoleSink}'s worker side: renders a batch as JSON lines or pretty lines and
 * writes it to the stream with one write and one flush. The stream is flushed, never closed:
 * it usually is standard error, which the sink does not own.
 */
final class ConsoleWriter implements AsyncDelivery.BatchWriter {

  private final OutputStream stream;
  private final boolean pretty;
  private final boolean color;
  private final WriteFaults faults;
  private final RecordEncoder encoder;
  private final StringBuilder text;
  private final RecordLimit limit;
  private final WireFormat format;

  /** Lines of {@code format} when not pretty, each within {@code maxRecordBytes}. */
  ConsoleWriter(OutputStream stream, boolean pretty, boolean color, String sinkId,
      int maxRecordBytes, WireFormat format) {
    this.limit = new RecordLimit(maxRecordBytes, sinkId);
    this.stream = stream;
    this.pretty = pretty;
    this.color = color;
    this.faults = new WriteFaults(sinkId, "console stream", Attrs.empty());
    this.encoder = pretty ? null : format.newEncoder();
    this.text = pretty ? new StringBuilder() : null;
    this.format = format;
  }

  /** None for pretty lines: those are always the worker's. */
  @Override
  public CallerEncoders callerEncoders() {
    return pretty ? null : limit.callerEncoders(format);
  }

  @Override
  public int write(LogRecord[] batch, byte[][] encoded, int count) {
    try {
      if (pretty) {
        text.setLength(0);
        for (int i = 0; i < count; i++) {
          String line = limit.pretty(batch[i], color);
          if (line != null) {
            text.append(line).append('\n');
          }
        }
        stream.write(text.toString().getBytes(StandardCharsets.UTF_8));
      } else {
        long now = Clock.nowUnixNano();
        encoder.reset();
        for (int i = 0; i < count; i++) {
          limit.append(encoder, batch[i], encoded == null ? null : encoded[i], now);
        }
        encoder.writeTo(stream);
      }
      stream.flush();
      faults.succeeded();
      return 0;
    } catch (IOException | RuntimeException e) {
      // Records dropped as too large are counted as such, not as lost to the write too.
      int lost = count - limit.oversizedSoFar();
      faults.failed(e, lost);
      return lost;
    } finally {
      if (encoder != null) {
        // A batch's large buffer is not kept while the sink is idle (reset lets it go).
        encoder.reset();
      }
    }
  }

  @Override
  public int oversized() {
    return limit.takeOversized();
  }

  @Override
  public void close() {
    try {
      stream.flush();
    } catch (IOException e) {
      faults.error("flushing the console stream failed", e);
    }
  }
}
