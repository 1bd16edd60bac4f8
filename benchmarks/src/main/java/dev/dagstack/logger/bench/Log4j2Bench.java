package dev.dagstack.logger.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.message.MapMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * (d) Log4j2 JsonTemplateLayout with synchronous loggers. Attributes travel in a
 * {@link MapMessage}, Log4j2's structured message: its typed {@code with(..)} methods keep
 * numbers and booleans as JSON numbers and booleans, and the body is its {@code message} entry.
 */
@State(Scope.Benchmark)
public class Log4j2Bench {

  private Path logDir;
  private Log4j2Stack stack;
  private Logger logger;

  @Setup(Level.Trial)
  public void setUp() {
    logDir = Extras.freshLogDir("log4j2");
    stack = new Log4j2Stack(logDir.resolve("app.json"));
    logger = stack.logger();
    if (stack.isAsync() != expectAsync()) {
      throw new IllegalStateException("log4j2.contextSelector is not what " + getClass().getSimpleName()
          + " expects (async=" + expectAsync() + ")");
    }
  }

  boolean expectAsync() {
    return false;
  }

  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams benchmark) {
    stack.stop();
    Extras.account(benchmark, logDir, 0);
    Extras.delete(logDir);
  }

  static void emit(Logger logger, Producer p) {
    logger.info(new MapMessage<>(6)
        .with("message", Producer.MESSAGE)
        .with(Producer.ORDER_ID, p.nextOrderId())
        .with(Producer.QUANTITY, p.quantity())
        .with(Producer.ITEM, p.item)
        .with(Producer.PRICE, p.price)
        .with(Producer.PAID, p.paid()));
  }

  private void sustain(Producer p) {
    for (int i = 0; i < Batch.RECORDS; i++) {
      emit(logger, p);
    }
    stack.flush();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Threads(1)
  public void caller_1t(Producer p) {
    emit(logger, p);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Threads(2)
  public void caller_2t(Producer p) {
    emit(logger, p);
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
}
