package dev.dagstack.logger.bench;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.sink.OverflowPolicy;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * An enabled dagstack emit inside an active OpenTelemetry span, so the record carries trace_id,
 * span_id and trace_flags; compare with {@code DagstackBench.caller_1t} (DROP_OLDEST).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class SpanBench {

  private Path logDir;
  private DagstackStack stack;
  private Logger logger;

  @Setup(Level.Trial)
  public void setUp() {
    logDir = Extras.freshLogDir("span");
    stack = new DagstackStack(logDir.resolve("app.jsonl"), OverflowPolicy.DROP_OLDEST);
    logger = stack.logger();
  }

  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams benchmark) {
    long dropped = stack.stop();
    Extras.account(benchmark, logDir, dropped);
    Extras.delete(logDir);
  }

  /** The span is made current on the benchmark thread itself: context is thread-local. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class ActiveSpan {
    private Scope scope;

    @Setup(Level.Iteration)
    public void enter() {
      scope = Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
          TraceFlags.getSampled(), TraceState.getDefault())).makeCurrent();
    }

    @TearDown(Level.Iteration)
    public void exit() {
      scope.close();
    }
  }

  @Benchmark
  public void dagstack_inSpan(ActiveSpan span, Producer p) {
    DagstackBench.emit(logger, p);
  }
}
