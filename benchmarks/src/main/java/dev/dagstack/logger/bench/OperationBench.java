package dev.dagstack.logger.bench;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.convention.Operation;
import dev.dagstack.logger.convention.OperationKind;
import dev.dagstack.logger.sink.OverflowPolicy;
import java.nio.file.Path;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Operations (spec §5.1): an enabled emit inside an open operation, whose record carries the
 * {@code operation.*} attributes (compare with {@code DagstackBench.caller_1t}), and the cost of
 * opening and closing one (two records: started and completed; no tracer, so no span).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class OperationBench {

  private Path logDir;
  private DagstackStack stack;
  private Logger logger;

  @Setup(Level.Trial)
  public void setUp() {
    logDir = Extras.freshLogDir("operation");
    stack = new DagstackStack(logDir.resolve("app.jsonl"), OverflowPolicy.DROP_OLDEST);
    logger = stack.logger();
  }

  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams benchmark) {
    long dropped = stack.stop();
    Extras.account(benchmark, logDir, dropped);
    Extras.delete(logDir);
  }

  /** The operation is current on the benchmark thread itself: context is thread-local. */
  @State(Scope.Thread)
  public static class OpenOperation {
    private Operation operation;

    @Setup(Level.Iteration)
    public void enter(OperationBench bench) {
      operation = bench.logger.operation("bench_operation", OperationKind.QUERY);
    }

    @TearDown(Level.Iteration)
    public void exit() {
      operation.close();
    }
  }

  /** The same attributes through a plain LoggingScope, to tell the scope path from the rest. */
  @State(Scope.Thread)
  public static class OpenScope {
    private dev.dagstack.logger.context.LoggingScope scope;

    @Setup(Level.Iteration)
    public void enter() {
      scope = dev.dagstack.logger.context.LoggingScope.builder().attributes(
          dev.dagstack.logger.record.Attrs.of("operation.name", "bench_operation",
              "operation.id", "0b6c7a5e-8f0e-4a51-9d43-5f2c4f6f1e2d", "operation.kind", "query"))
          .open();
    }

    @TearDown(Level.Iteration)
    public void exit() {
      scope.close();
    }
  }

  @Benchmark
  public void dagstack_inScope(OpenScope scope, Producer p) {
    DagstackBench.emit(logger, p);
  }

  @Benchmark
  public void dagstack_inOperation(OpenOperation operation, Producer p) {
    DagstackBench.emit(logger, p);
  }

  @Benchmark
  public void operation_openClose() {
    try (Operation ignored = logger.operation("bench_operation", OperationKind.QUERY)) {
      // Only the started and completed records.
    }
  }
}
