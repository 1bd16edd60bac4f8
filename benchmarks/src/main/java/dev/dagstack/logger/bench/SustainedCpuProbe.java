package dev.dagstack.logger.bench;

import dev.dagstack.logger.sink.OverflowPolicy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where a sustained run's CPU goes, thread by thread: the workload of {@code sustained_1t/2t}
 * (invocations of {@link Batch#RECORDS} emits ending with a flush, {@code BLOCK}), timed in rounds,
 * with each thread's CPU time read through {@link ThreadMXBean} around every round.
 *
 * <p>Why beside JMH: the sustained figure says how fast, not which thread limits it. Per record
 * this prints the producers' CPU together and the CPU of the sink's own threads
 * ({@code dagstack-sink-*}: the worker that encodes and writes; Logback writes on the producers,
 * so it has none), and how much of the machine's CPUs the whole JVM used (GC and JIT included).
 * A sink thread near 100 % of a core while the JVM leaves CPU unused is the limit; every thread
 * well below it means they wait for each other. The producer threads carry JMH's worker names,
 * since the bridge writes the thread's name into every record. Round 0 warms the JIT up; the
 * median of the later rounds closes the output.
 *
 * <p>Arguments: {@code core|bridge|logback threads [rounds [invocationsPerRound]]}, positive
 * whole numbers, defaults 8 rounds of 100 invocations per thread (anything else: the usage,
 * exit status 2). The log files go under {@code BENCH_LOG_DIR} (put them on
 * tmpfs, e.g. {@code /dev/shm/bench}); after each round their lines are counted and the files
 * emptied, and a round whose line count differs from the records emitted fails the run.
 */
public final class SustainedCpuProbe {

  private SustainedCpuProbe() {}

  /** The stacks by their argument, as their sustained benchmarks configure them. */
  private static final Map<String, Supplier<StackBench>> STACKS = Map.of(
      "core", () -> {
        DagstackBench bench = new DagstackBench();
        bench.overflow = OverflowPolicy.BLOCK;
        return bench;
      },
      "bridge", () -> {
        BridgeBench bench = new BridgeBench();
        bench.overflow = OverflowPolicy.BLOCK;
        return bench;
      },
      "logback", () -> {
        LogbackBench bench = new LogbackBench();
        bench.appender = "file";
        return bench;
      });

  private static final String USAGE =
      "usage: SustainedCpuProbe core|bridge|logback threads [rounds [invocationsPerRound]]"
      + " (positive whole numbers; defaults 8 rounds of 100 invocations)";

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 4 || !STACKS.containsKey(args[0])) {
      exitWithUsage();
    }
    String stackName = args[0];
    int threads = positive(args[1]);
    int rounds = args.length > 2 ? positive(args[2]) : 8;
    int invocations = args.length > 3 ? positive(args[3]) : 100;
    String logs = System.getenv("BENCH_LOG_DIR");
    if (logs == null || logs.isBlank()) {
      System.err.println("BENCH_LOG_DIR is not set: the log files go to the disk under "
          + Extras.outputDir() + "; put them on tmpfs for the stacks' CPU (docs/benchmarks.md)");
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    int cpus = Runtime.getRuntime().availableProcessors();
    // Named as JMH names its workers: the bridge writes the thread's name into every record.
    StackBench stack = STACKS.get(stackName).get();
    String threadPrefix = stack.getClass().getName() + ".sustained_" + threads + "t-jmh-worker-";
    AtomicInteger nextThread = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, threadPrefix + nextThread.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    Producer[] producers = new Producer[threads];
    for (int i = 0; i < threads; i++) {
      producers[i] = new Producer();
    }
    long records = (long) threads * invocations * Batch.RECORDS;
    double[] rates = new double[rounds];
    boolean open = false;
    try {
      open(stack);
      open = true;
      for (int round = 0; round < rounds; round++) {
        Map<Long, Long> before = cpuTimes(mx);
        long processBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        StackBench target = stack;
        for (Producer producer : producers) {
          running.add(pool.submit(() -> {
            for (int k = 0; k < invocations; k++) {
              for (int j = 0; j < Batch.RECORDS; j++) {
                target.emit(producer);
              }
              target.flush();
            }
          }));
        }
        for (Future<?> done : running) {
          done.get();
        }
        long wall = System.nanoTime() - start;
        long process = os.getProcessCpuTime() - processBefore;
        Map<Long, Long> after = cpuTimes(mx);
        long producing = 0;
        long sink = 0;
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
          if (info == null) {
            continue;
          }
          long id = info.getThreadId();
          long used = after.getOrDefault(id, 0L) - before.getOrDefault(id, 0L);
          if (info.getThreadName().startsWith(threadPrefix)) {
            producing += used;
          } else if (info.getThreadName().startsWith("dagstack-sink-")) {
            sink += used;
          }
        }
        long lines = Extras.countAndEmpty(stack.logDir);
        if (lines != records) {
          throw new IllegalStateException("round " + round + ": " + records + " records emitted, "
              + lines + " lines written");
        }
        rates[round] = records * 1e9 / wall;
        System.out.printf("%s %dt round %d: %,.0f records/s; CPU per record: producers %.0f ns"
            + " (each %.0f %% of a core), sink threads %.0f ns (%.0f %% of a core); the JVM"
            + " used %.0f %% of %d CPUs%n",
            stackName, threads, round, rates[round], producing / (double) records,
            producing * 100.0 / wall / threads, sink / (double) records, sink * 100.0 / wall,
            process * 100.0 / wall / cpus, cpus);
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(1, TimeUnit.MINUTES);
      if (open) {
        close(stack);
      }
    }
    if (rounds > 1) {
      // Round 0 warms the JIT up; the median of the others is the figure.
      double[] warm = Arrays.copyOfRange(rates, 1, rounds);
      Arrays.sort(warm);
      int middle = warm.length / 2;
      double median = warm.length % 2 == 1 ? warm[middle] : (warm[middle - 1] + warm[middle]) / 2;
      System.out.printf("median of rounds 1..%d: %,.0f records/s%n", rounds - 1, median);
    }
  }

  private static int positive(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Falls through to the usage.
    }
    System.err.println("not a positive whole number: " + value);
    exitWithUsage();
    return 0;
  }

  private static void exitWithUsage() {
    System.err.println(USAGE);
    System.exit(2);
  }

  /** Sets the stack up; its log folder is deleted again when the setup fails. */
  private static void open(StackBench stack) {
    try {
      stack.setUp();
    } catch (RuntimeException | Error e) {
      if (stack.logDir != null) {
        Extras.delete(stack.logDir);
      }
      throw e;
    }
  }

  private static void close(StackBench stack) {
    try {
      long dropped = stack.stop();
      if (dropped != 0) {
        // BLOCK drops nothing; a drop here means the figures are not the workload's.
        System.err.println(dropped + " records dropped (counted by the sink)");
      }
    } finally {
      Extras.delete(stack.logDir);
    }
  }

  private static Map<Long, Long> cpuTimes(ThreadMXBean mx) {
    Map<Long, Long> times = new HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      times.put(id, mx.getThreadCpuTime(id));
    }
    return times;
  }
}
