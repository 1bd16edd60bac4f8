package dev.dagstack.logger.bench;

import dev.dagstack.logger.Attrs;
import dev.dagstack.logger.Logger;
import dev.dagstack.logger.sink.OverflowPolicy;
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

/** (a) The dagstack core logger writing to a {@code FileSink}, with each overflow policy. */
@State(Scope.Benchmark)
public class DagstackBench {

  @Param({"DROP_OLDEST", "BLOCK"})
  public OverflowPolicy overflow;

  private Path logDir;
  private DagstackStack stack;
  private Logger logger;

  @Setup(Level.Trial)
  public void setUp() {
    logDir = Extras.freshLogDir("dagstack");
    stack = new DagstackStack(logDir.resolve("app.jsonl"), overflow);
    logger = stack.logger();
  }

  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams benchmark) {
    long dropped = stack.stop();
    Extras.account(benchmark, logDir, dropped);
    Extras.delete(logDir);
  }

  static void emit(Logger logger, Producer p) {
    logger.info(Producer.MESSAGE, Attrs.of(
        Producer.ORDER_ID, p.nextOrderId(),
        Producer.QUANTITY, p.quantity(),
        Producer.ITEM, p.item,
        Producer.PRICE, p.price,
        Producer.PAID, p.paid()));
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
