package dev.dagstack.logger.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.dagstack.logger.sink.OverflowPolicy;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.spring.logback.LogbackBridge;
import java.nio.file.Path;
import java.util.Map;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * (b) dagstack through the SLF4J bridge: SLF4J API → Logback → the starter's
 * bridge ({@link LogbackBridge}) → dagstack FileSink, installed programmatically as the starter
 * does it, without Spring. The call site is the same SLF4J 2 key-value call as in
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

  /**
   * Logback with the bridge installed as the Spring Boot starter installs it
   * ({@link LogbackBridge}: its appender on the root logger, the console appenders detached, its
   * turbo filter), over a dagstack FileSink.
   */
  static final class BridgeStack {
    static final String LOGGER_NAME = "bench.bridge";

    final DagstackStack dagstack;
    private final LoggerContext context;
    private final LogbackBridge bridge;

    BridgeStack(Path logFile, OverflowPolicy overflow) {
      dagstack = new DagstackStack(logFile, overflow);
      context = (LoggerContext) LoggerFactory.getILoggerFactory();
      context.reset();
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
      bridge = new LogbackBridge(true, Map.of(LOGGER_NAME, Severity.INFO));
      bridge.install();
    }

    Logger logger() {
      return LoggerFactory.getLogger(LOGGER_NAME);
    }

    long stop() {
      bridge.uninstall();
      context.reset();
      return dagstack.stop();
    }
  }
}
