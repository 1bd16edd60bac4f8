package dev.dagstack.logger.bench;

import dev.dagstack.logger.LogEvent;
import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.sink.OverflowPolicy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Threads;

/** (a) The dagstack core logger writing to a {@code FileSink}, with each overflow policy. */
public class DagstackBench extends StackBench {

  @Param({"DROP_OLDEST", "BLOCK"})
  public OverflowPolicy overflow;

  private DagstackStack stack;
  private Logger logger;

  @Setup(Level.Trial)
  @Override
  public void setUp() {
    logDir = Extras.freshLogDir("dagstack");
    stack = new DagstackStack(logDir.resolve("app.jsonl"), overflow);
    logger = stack.logger();
  }

  @Override
  long stop() {
    return stack.stop();
  }

  @Override
  void emit(Producer p) {
    emit(logger, p);
  }

  @Override
  void flush() {
    stack.flush();
  }

  /** The same record through the fluent API ({@code logger.atInfo().attr(...).log(...)}). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Threads(1)
  public void caller_fluent_1t(Producer p) {
    emitFluent(logger.atInfo(), p);
  }

  /** Adds the workload's attributes to {@code event} and logs it. */
  static void emitFluent(LogEvent event, Producer p) {
    event
        .attr(Producer.ORDER_ID, p.nextOrderId())
        .attr(Producer.QUANTITY, p.quantity())
        .attr(Producer.ITEM, p.item)
        .attr(Producer.PRICE, p.price)
        .attr(Producer.PAID, p.paid())
        .log(Producer.MESSAGE);
  }

  static void emit(Logger logger, Producer p) {
    logger.info(Producer.MESSAGE, Attrs.of(
        Producer.ORDER_ID, p.nextOrderId(),
        Producer.QUANTITY, p.quantity(),
        Producer.ITEM, p.item,
        Producer.PRICE, p.price,
        Producer.PAID, p.paid()));
  }
}
