package dev.dagstack.logger.bench;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.RandomAccessFileAppender;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.apache.logging.log4j.core.jmx.RingBufferAdmin;

/**
 * (d) Log4j2 with {@code JsonTemplateLayout} on a {@code RandomAccessFile} appender (256 KiB
 * buffer, {@code immediateFlush=false}), used through the Log4j2 API directly (SLF4J is bound to
 * Logback in this classpath). Async loggers are switched on per fork with the
 * {@code log4j2.contextSelector} system property, see {@link Log4j2AsyncBench}.
 *
 * <p>The event template prints the fields LogstashEncoder prints, and the {@code MapMessage}
 * entries flattened at the top level, as LogstashEncoder does with key-value pairs.
 */
final class Log4j2Stack {

  static final String LOGGER_NAME = "bench.log4j2";

  private static final String TEMPLATE = "{"
      + "\"@timestamp\":{\"$resolver\":\"timestamp\"},"
      + "\"@version\":\"1\","
      + "\"logger_name\":{\"$resolver\":\"logger\",\"field\":\"name\"},"
      + "\"thread_name\":{\"$resolver\":\"thread\",\"field\":\"name\"},"
      + "\"level\":{\"$resolver\":\"level\",\"field\":\"name\"},"
      + "\"level_value\":{\"$resolver\":\"level\",\"field\":\"severity\",\"severity\":{\"field\":\"code\"}},"
      + "\"fields\":{\"$resolver\":\"map\",\"flatten\":true}"
      + "}";

  private final LoggerContext context;
  private final RandomAccessFileAppender file;
  private final RingBufferAdmin ringBuffer;

  Log4j2Stack(Path logFile) {
    ConfigurationBuilder<BuiltConfiguration> config =
        ConfigurationBuilderFactory.newConfigurationBuilder();
    config.setConfigurationName("bench");
    config.setStatusLevel(Level.WARN);
    config.add(config.newAppender("file", "RandomAccessFile")
        .addAttribute("fileName", logFile.toString())
        .addAttribute("append", true)
        .addAttribute("immediateFlush", false)
        .addAttribute("bufferSize", 256 * 1024)
        .add(config.newLayout("JsonTemplateLayout").addAttribute("eventTemplate", TEMPLATE)));
    config.add(config.newLogger(LOGGER_NAME, Level.INFO)
        .add(config.newAppenderRef("file"))
        .addAttribute("additivity", false));
    config.add(config.newRootLogger(Level.INFO));
    context = Configurator.initialize(config.build());
    file = context.getConfiguration().getAppender("file");
    ringBuffer = context instanceof AsyncLoggerContext
        ? ((AsyncLoggerContext) context).createRingBufferAdmin()
        : null;
  }

  Logger logger() {
    return LogManager.getLogger(LOGGER_NAME);
  }

  boolean isAsync() {
    return ringBuffer != null;
  }

  /**
   * Gets everything logged so far into the file. Log4j2 has no flush API. With async loggers,
   * wait until the ring buffer is empty: the appender flushes by itself at the end of each
   * batch it takes from the ring buffer (flushing it from this thread would race with the
   * background thread, which writes to the appender's buffer without a lock). Synchronous
   * loggers write under the manager's lock, so flush the manager.
   */
  void flush() {
    if (ringBuffer != null) {
      while (ringBuffer.getRemainingCapacity() < ringBuffer.getBufferSize()) {
        Thread.onSpinWait();
      }
    } else {
      file.getManager().flush();
    }
  }

  void stop() {
    Configurator.shutdown(context);
  }
}
