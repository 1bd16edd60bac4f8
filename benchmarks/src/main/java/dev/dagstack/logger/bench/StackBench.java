package dev.dagstack.logger.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The benchmarks every file-writing stack runs: the caller-side cost of one emit and the
 * sustained rate of batches that end with a flush, each with one and two producer threads.
 * A subclass sets its stack up ({@link #setUp}) and stops it ({@link #stop}); the trial teardown
 * here does the accounting.
 */
@State(Scope.Benchmark)
public abstract class StackBench {

  /**
   * Set to {@code 1} or {@code true} in the environment, which the forks inherit: after each
   * iteration of a sustained benchmark the log files' lines are counted and the files emptied (see
   * {@link #emptyLogs}).
   */
  static final boolean EMPTY_LOGS = "1".equals(System.getenv("BENCH_EMPTY_LOGS"))
      || "true".equalsIgnoreCase(System.getenv("BENCH_EMPTY_LOGS"));

  /** This fork's log folder, made by the subclass's trial setup. */
  Path logDir;
  /** Lines counted in files emptied after an iteration (see {@link #emptyLogs}). */
  private long emptiedLines;
  /** Whether the fork's first line is in samples.tsv (taken before the files are first emptied). */
  private boolean sampled;

  /** Sets the stack up, with its log folder in {@link #logDir}. */
  abstract void setUp();

  /**
   * With {@code BENCH_EMPTY_LOGS}: counts the lines each sustained iteration wrote (every
   * invocation ends with a flush, so they are all in the files) and empties the files, which the
   * stacks keep appending to. A run with {@code BENCH_LOG_DIR} on tmpfs then holds one iteration's
   * output at most, and the figure is the stacks' CPU rather than the disk's write-back.
   */
  @TearDown(Level.Iteration)
  public void emptyLogs(BenchmarkParams benchmark) {
    if (EMPTY_LOGS && appendsToItsFiles() && benchmark.getBenchmark().contains("sustained")) {
      sample(benchmark);
      emptiedLines += Extras.countAndEmpty(logDir);
    }
  }

  /** Stops the stack and records the fork's accounting (the lines emptied on the way included). */
  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams benchmark) {
    long dropped = stop();
    sample(benchmark);
    Extras.account(benchmark, emptiedLines + Extras.countLines(logDir), dropped);
    Extras.delete(logDir);
  }

  private void sample(BenchmarkParams benchmark) {
    if (!sampled) {
      Extras.sample(benchmark, logDir);
      sampled = true;
    }
  }

  /**
   * Whether the stack's file writes go to the file's end, wherever that is now (an append-mode
   * stream), so its files may be emptied under it; a stack that keeps its own position would
   * write on at the old offset into a sparse file.
   */
  boolean appendsToItsFiles() {
    return true;
  }

  /**
   * Flushes and stops the stack (the subclass's trial teardown, and {@link SustainedCpuProbe});
   * returns how many records it dropped, for any reason.
   */
  abstract long stop();

  /** Emits one "order placed" record with the producer's attributes. */
  abstract void emit(Producer p);

  /** Returns once everything this thread emitted so far is in the file. */
  abstract void flush();

  private void sustain(Producer p) {
    for (int i = 0; i < Batch.RECORDS; i++) {
      emit(p);
    }
    flush();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Threads(1)
  public void caller_1t(Producer p) {
    emit(p);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Threads(2)
  public void caller_2t(Producer p) {
    emit(p);
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
