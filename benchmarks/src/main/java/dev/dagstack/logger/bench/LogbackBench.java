package dev.dagstack.logger.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
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

/**
 * (c) Logback + logstash-logback-encoder, synchronous ({@code file}) and behind an AsyncAppender
 * ({@code async}). Attributes go through SLF4J 2 key-value pairs, which LogstashEncoder writes
 * as top-level JSON fields.
 */
@State(Scope.Benchmark)
public class LogbackBench {

  @Param({"file", "async"})
  public String appender;

  private Path logDir;
  private LogbackStack stack;
  private Logger logger;

  @Setup(Level.Trial)
  public void setUp() {
    logDir = Extras.freshLogDir("logback");
    stack = new LogbackStack(logDir.resolve("app.json"), appender.equals("async"));
    logger = stack.logger();
  }

  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams benchmark) {
    stack.stop();
    Extras.account(benchmark, logDir, 0);
    Extras.delete(logDir);
  }

  static void emit(Logger logger, Producer p) {
    logger.atInfo()
        .addKeyValue(Producer.ORDER_ID, p.nextOrderId())
        .addKeyValue(Producer.QUANTITY, p.quantity())
        .addKeyValue(Producer.ITEM, p.item)
        .addKeyValue(Producer.PRICE, p.price)
        .addKeyValue(Producer.PAID, p.paid())
        .log(Producer.MESSAGE);
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
