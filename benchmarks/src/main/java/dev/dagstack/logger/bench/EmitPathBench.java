package dev.dagstack.logger.bench;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Severity;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The logger's own cost of one enabled INFO emit with the workload's five attributes, into a
 * sink that only counts: no processors configured (the empty chain). Uses no processor API, so
 * the same class measures a build from before the processor chain existed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class EmitPathBench {

  CountingSink sink;
  Logger logger;
  long orderId;

  @Setup(Level.Trial)
  public void setUp() {
    sink = new CountingSink();
    Logger.configure(configuration(LoggerConfiguration.builder()
        .rootLevel(Severity.INFO)
        .sinks(sink)
        .resourceAttribute("service.name", "bench")));
    logger = Logger.get("bench.orders");
  }

  /** The configuration; subclasses add processors. */
  LoggerConfiguration configuration(LoggerConfiguration.Builder builder) {
    return builder.build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (sink.count == 0) {
      throw new IllegalStateException("no record reached the sink");
    }
    Logger.reset();
  }

  @Benchmark
  public void emit_info_5attrs() {
    logger.info("order placed", Attrs.of(
        "order.id", orderId++,
        "order.quantity", (int) (orderId & 7) + 1,
        "order.item", "sku-4711",
        "order.price", 19.99,
        "order.paid", (orderId & 1) == 0));
  }
}
