package dev.dagstack.logger.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.dagstack.logger.sink.OverflowPolicy;
import dev.dagstack.logger.spring.logback.DagstackAppender;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * (b) dagstack through the SLF4J bridge: SLF4J API → Logback → the starter's
 * {@link DagstackAppender} → dagstack FileSink, attached programmatically as the starter does
 * it, without Spring. The call site is the same SLF4J 2 key-value call as in
 * {@link LogbackBench}.
 */
public class BridgeBench extends StackBench {

  @Param({"DROP_OLDEST", "BLOCK"})
  public OverflowPolicy overflow;

  private BridgeStack stack;
  private Logger logger;

  @Setup(org.openjdk.jmh.annotations.Level.Trial)
  @Override
  public void setUp() {
    logDir = Extras.freshLogDir("bridge");
    stack = new BridgeStack(logDir.resolve("app.jsonl"), overflow);
    logger = stack.logger();
  }

  @Override
  long stop() {
    return stack.stop();
  }

  @Override
  void emit(Producer p) {
    LogbackBench.emit(logger, p);
  }

  @Override
  void flush() {
    stack.dagstack.flush();
  }

  /** Logback with only the bridge appender on {@code bench.bridge}, over a dagstack FileSink. */
  static final class BridgeStack {
    static final String LOGGER_NAME = "bench.bridge";

    final DagstackStack dagstack;
    private final LoggerContext context;
    private final DagstackAppender appender;

    BridgeStack(Path logFile, OverflowPolicy overflow) {
      dagstack = new DagstackStack(logFile, overflow);
      context = (LoggerContext) LoggerFactory.getILoggerFactory();
      context.reset();
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
      appender = new DagstackAppender();
      appender.setContext(context);
      appender.start();
      ch.qos.logback.classic.Logger logger = context.getLogger(LOGGER_NAME);
      logger.setLevel(Level.INFO);
      logger.setAdditive(false);
      logger.addAppender(appender);
    }

    Logger logger() {
      return LoggerFactory.getLogger(LOGGER_NAME);
    }

    long stop() {
      appender.stop();
      context.reset();
      return dagstack.stop();
    }
  }
}
