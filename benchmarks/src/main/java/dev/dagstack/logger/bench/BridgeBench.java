package dev.dagstack.logger.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.dagstack.logger.sink.OverflowPolicy;
import dev.dagstack.logger.spring.logback.DagstackAppender;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * (b) dagstack through the SLF4J bridge: SLF4J API → Logback → the starter's
 * {@link DagstackAppender} → dagstack FileSink, attached programmatically as the starter does
 * it, without Spring. The call site is the same SLF4J 2 key-value call as in
 * {@link LogbackBench}.
 */
@State(Scope.Benchmark)
public class BridgeBench {

  @Param({"DROP_OLDEST", "BLOCK"})
  public OverflowPolicy overflow;

  private Path logDir;
  private BridgeStack stack;
  private Logger logger;

  @Setup(org.openjdk.jmh.annotations.Level.Trial)
  public void setUp() {
    logDir = Extras.freshLogDir("bridge");
    stack = new BridgeStack(logDir.resolve("app.jsonl"), overflow);
    logger = stack.logger();
  }

  @TearDown(org.openjdk.jmh.annotations.Level.Trial)
  public void tearDown(BenchmarkParams benchmark) {
    long dropped = stack.stop();
    Extras.account(benchmark, logDir, dropped);
    Extras.delete(logDir);
  }

  private void sustain(Producer p) {
    for (int i = 0; i < Batch.RECORDS; i++) {
      LogbackBench.emit(logger, p);
    }
    stack.dagstack.flush();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Threads(1)
  public void caller_1t(Producer p) {
    LogbackBench.emit(logger, p);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Threads(2)
  public void caller_2t(Producer p) {
    LogbackBench.emit(logger, p);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(Batch.RECORDS)
  @Threads(1)
  public void sustained_1t(Producer p) {
    sustain(p);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(Batch.RECORDS)
  @Threads(2)
  public void sustained_2t(Producer p) {
    sustain(p);
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
