package dev.dagstack.logger.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * One producer thread: the values of the "order placed" workload, how many records this thread
 * emitted, and what the thread itself allocated while doing so.
 *
 * <p>JMH's gc profiler counts the allocations of every thread, the sinks' writer threads
 * included; the caller-side target is about the producing thread alone, so each producer reads
 * its own allocation counter around every measurement iteration and reports bytes per record
 * through {@link Extras}.
 */
@State(Scope.Thread)
public class Producer {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Records emitted by all producers of this fork, warmup included: the accounting's "emitted". */
  private static final LongAdder EMITTED = new LongAdder();

  public static final String MESSAGE = "order placed";
  public static final String ORDER_ID = "order.id";
  public static final String QUANTITY = "order.quantity";
  public static final String ITEM = "order.item";
  public static final String PRICE = "order.price";
  public static final String PAID = "order.paid";

  public final String item = "sku-4711";
  public final double price = 19.99;
  private int orderId;
  private long records;
  private long allocatedAtStart;
  private boolean measuring;

  /** The next order id; also counts one record for this thread. */
  public int nextOrderId() {
    records++;
    return ++orderId;
  }

  public int quantity() {
    return (orderId & 7) + 1;
  }

  public boolean paid() {
    return (orderId & 1) == 0;
  }

  public static long emittedInFork() {
    return EMITTED.sum();
  }

  @Setup(Level.Iteration)
  public void beginIteration(IterationParams iteration) {
    measuring = iteration.getType() == IterationType.MEASUREMENT;
    records = 0;
    allocatedAtStart = THREADS.getCurrentThreadAllocatedBytes();
  }

  @TearDown(Level.Iteration)
  public void endIteration(BenchmarkParams benchmark) {
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedAtStart;
    EMITTED.add(records);
    if (measuring && records > 0) {
      Extras.record(benchmark, "caller_bytes", allocated);
      Extras.record(benchmark, "caller_records", records);
    }
  }
}
