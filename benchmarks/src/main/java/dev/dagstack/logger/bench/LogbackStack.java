package dev.dagstack.logger.bench;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * (c) Logback + logstash-logback-encoder as its users set it up: {@link LogstashEncoder} on a
 * {@link FileAppender} with a 256 KiB buffer and {@code immediateFlush=false}, optionally behind
 * an {@link AsyncAppender}. The async queue holds {@link Batch#QUEUE} events like dagstack's
 * buffer and never discards INFO ({@code discardingThreshold=0}, blocking when full), so every
 * record can be accounted for.
 */
final class LogbackStack {

  private static final Marker FLUSH = MarkerFactory.getMarker("BENCH_FLUSH");

  private final LoggerContext context;
  private final FileAppender<ILoggingEvent> file;
  private final AsyncAppender async;
  private final FlushMarkerAppender unwrapped;

  LogbackStack(Path logFile, boolean withAsync) {
    context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);

    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    encoder.start();
    file = new FileAppender<>();
    file.setContext(context);
    file.setName("file");
    file.setFile(logFile.toString());
    file.setAppend(true);
    file.setBufferSize(new FileSize(256 * 1024));
    file.setImmediateFlush(false);
    file.setEncoder(encoder);
    file.start();

    Appender<ILoggingEvent> attached = file;
    if (withAsync) {
      unwrapped = new FlushMarkerAppender(file);
      unwrapped.setContext(context);
      unwrapped.start();
      async = new AsyncAppender();
      async.setContext(context);
      async.setName("async");
      async.setQueueSize(Batch.QUEUE);
      async.setDiscardingThreshold(0);
      async.addAppender(unwrapped);
      async.start();
      attached = async;
    } else {
      unwrapped = null;
      async = null;
    }
    ch.qos.logback.classic.Logger logger = context.getLogger(loggerName());
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    logger.addAppender(attached);
  }

  static String loggerName() {
    return "bench.logstash";
  }

  org.slf4j.Logger logger() {
    return LoggerFactory.getLogger(loggerName());
  }

  /**
   * Gets everything this thread logged so far into the file. Logback has no flush API: behind
   * the async appender, send a marker event through its FIFO queue and wait until the worker
   * reaches it; then flush the file appender's buffered stream (its methods are synchronized).
   */
  void flush() {
    if (async != null) {
      CountDownLatch reached = new CountDownLatch(1);
      logger().info(FLUSH, "flush", reached);
      try {
        reached.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    OutputStream stream = file.getOutputStream();
    try {
      stream.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void stop() {
    if (async != null) {
      async.stop();
    }
    file.stop();
    context.reset();
  }

  /** Passes events to the file appender, except flush markers, which it releases. */
  private static final class FlushMarkerAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private final Appender<ILoggingEvent> delegate;

    FlushMarkerAppender(Appender<ILoggingEvent> delegate) {
      this.delegate = delegate;
    }

    @Override
    protected void append(ILoggingEvent event) {
      List<Marker> markers = event.getMarkerList();
      if (markers != null && markers.contains(FLUSH)) {
        ((CountDownLatch) event.getArgumentArray()[0]).countDown();
      } else {
        delegate.doAppend(event);
      }
    }
  }
}
