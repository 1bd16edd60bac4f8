package dev.dagstack.logger.bench;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.FileSink;
import dev.dagstack.logger.sink.OverflowPolicy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * The calling thread's CPU time per emit: rounds of emits of the "order placed" record into a
 * DROP_OLDEST {@link FileSink}, timed with {@link ThreadMXBean#getCurrentThreadCpuTime()}.
 *
 * <p>Why not only JMH: on a shared, loaded machine wall-clock time per emit scatters by several
 * times, while the caller's own CPU time barely moves with the load (the writer thread runs on
 * other time). It measures the caller's work only; JMH's {@code caller_1t} stays the figure of
 * record. Uses only API that older builds have too, so the same source can be compiled against
 * a previous commit's core for an A/B (before the package move of 2026-12-01, {@code Attrs} and
 * {@code Severity} were in {@code dev.dagstack.logger}: change those two imports).
 *
 * <p>Arguments: {@code [rounds [emitsPerRound]]}, default 11 and 200,000. Prints each round's
 * ns/emit and the median.
 */
public final class CallerCpuProbe {

  private CallerCpuProbe() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Path dir = Files.createTempDirectory("caller-cpu-probe");
    Path file = dir.resolve("app.jsonl");
    FileSink sink = FileSink.builder(file).overflow(OverflowPolicy.DROP_OLDEST)
        .bufferSize(8192).build();
    Logger.configure(LoggerConfiguration.builder()
        .rootLevel(Severity.INFO)
        .sinks(sink)
        .resourceAttribute("service.name", "bench")
        .build());
    Logger logger = Logger.get("bench.orders");
    String item = "sku-4711";
    double price = 19.99;
    int orderId = 0;
    double[] perEmit = new double[rounds];
    try {
      for (int round = 0; round < rounds; round++) {
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < perRound; i++) {
          orderId++;
          logger.info("order placed", Attrs.of(
              "order.id", orderId,
              "order.quantity", (orderId & 7) + 1,
              "order.item", item,
              "order.price", price,
              "order.paid", (orderId & 1) == 0));
        }
        perEmit[round] = (threads.getCurrentThreadCpuTime() - start) / (double) perRound;
        System.out.printf("round %2d: %6.1f ns/emit (caller CPU)%n", round, perEmit[round]);
      }
    } finally {
      sink.flush(Duration.ofMinutes(1));
      sink.close();
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
    // The first rounds warm the JIT; the median of the later ones is the figure.
    double[] warm = Arrays.copyOfRange(perEmit, Math.min(3, rounds - 1), rounds);
    Arrays.sort(warm);
    System.out.printf("median: %.1f ns/emit (caller CPU, rounds %d..%d)%n",
        warm[warm.length / 2], Math.min(3, rounds - 1), rounds - 1);
  }
}
