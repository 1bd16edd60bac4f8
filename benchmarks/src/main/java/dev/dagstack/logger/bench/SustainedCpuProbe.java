package dev.dagstack.logger.bench;

import dev.dagstack.logger.sink.OverflowPolicy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Where a sustained run's CPU goes, thread by thread: the workload of {@code sustained_1t/2t}
 * (invocations of {@link Batch#RECORDS} emits ending with a flush, {@code BLOCK}), timed in rounds,
 * with each thread's CPU time read through {@link ThreadMXBean} around every round.
 *
 * <p>Why beside JMH: the sustained figure says how fast, not which thread limits it. Per record
 * this prints the producers' CPU together, the CPU of the sink's own threads
 * ({@code dagstack-sink-*}: the worker that encodes and writes), and the share of the two cores
 * in use. A sink thread near 100 % while the machine is not is the limit; all threads well below
 * it means they wait for each other.
 *
 * <p>Arguments: {@code core|bridge|logback threads [rounds [invocationsPerRound]]}, defaults 8
 * rounds of 100 invocations per thread. The log files go under {@code BENCH_LOG_DIR} (put them on
 * tmpfs, e.g. {@code /dev/shm/bench}); after each round their lines are counted and the files
 * emptied, and a round whose line count differs from the records emitted fails the run.
 */
public final class SustainedCpuProbe {

  private SustainedCpuProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: SustainedCpuProbe core|bridge|logback threads [rounds [invocations]]");
      System.exit(2);
    }
    String stackName = args[0];
    int threads = Integer.parseInt(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int invocations = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    StackBench stack = open(stackName);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "probe-producer");
      thread.setDaemon(true);
      return thread;
    });
    Producer[] producers = new Producer[threads];
    for (int i = 0; i < threads; i++) {
      producers[i] = new Producer();
    }
    long records = (long) threads * invocations * Batch.RECORDS;
    try {
      for (int round = 0; round < rounds; round++) {
        Map<Long, Long> before = cpuTimes(mx);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (Producer producer : producers) {
          running.add(pool.submit(() -> {
            for (int k = 0; k < invocations; k++) {
              for (int j = 0; j < Batch.RECORDS; j++) {
                stack.emit(producer);
              }
              stack.flush();
            }
          }));
        }
        for (Future<?> done : running) {
          done.get();
        }
        long wall = System.nanoTime() - start;
        Map<Long, Long> after = cpuTimes(mx);
        long producing = 0;
        long sink = 0;
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
          if (info == null) {
            continue;
          }
          long id = info.getThreadId();
          long used = after.getOrDefault(id, 0L) - before.getOrDefault(id, 0L);
          if (info.getThreadName().equals("probe-producer")) {
            producing += used;
          } else if (info.getThreadName().startsWith("dagstack-sink-")) {
            sink += used;
          }
        }
        long lines = Extras.countAndEmptyRound(stack.logDir);
        if (lines != records) {
          throw new IllegalStateException("round " + round + ": " + records + " records emitted, "
              + lines + " lines written");
        }
        System.out.printf("%s %dt round %d: %,.0f records/s; CPU per record: producers %.0f ns"
            + " (each %.0f %% of a core), sink threads %.0f ns (%.0f %% of a core);"
            + " cores busy %.0f %% (these threads)%n",
            stackName, threads, round, records * 1e9 / wall, producing / (double) records,
            producing * 100.0 / wall / threads, sink / (double) records, sink * 100.0 / wall,
            (producing + sink) * 100.0 / wall / 2);
      }
    } finally {
      pool.shutdownNow();
      close(stack);
    }
  }

  private static StackBench open(String name) {
    switch (name) {
      case "core": {
        DagstackBench bench = new DagstackBench();
        bench.overflow = OverflowPolicy.BLOCK;
        bench.setUp();
        return bench;
      }
      case "bridge": {
        BridgeBench bench = new BridgeBench();
        bench.overflow = OverflowPolicy.BLOCK;
        bench.setUp();
        return bench;
      }
      case "logback": {
        LogbackBench bench = new LogbackBench();
        bench.appender = "file";
        bench.setUp();
        return bench;
      }
      default:
        throw new IllegalArgumentException("stack must be core, bridge or logback, got " + name);
    }
  }

  private static void close(StackBench stack) {
    stack.stop();
    Extras.delete(stack.logDir);
  }

  private static Map<Long, Long> cpuTimes(ThreadMXBean mx) {
    Map<Long, Long> times = new HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      times.put(id, mx.getThreadCpuTime(id));
    }
    return times;
  }
}
