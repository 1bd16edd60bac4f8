package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A disabled level allocates nothing, in the classic and in the fluent form (issue: "a disabled level costs a field read and allocates
 * nothing"). Measured with the JVM's per-thread allocation counter over many calls, with a bound
 * so generous that a single allocation per call would exceed it; speed itself is for the JMH
 * benchmarks.
 */
class EmitAllocationTest {

  @AfterEach
  void tearDown() {
    Logger.reset();
  }

  @Test
  void disabledEmitsAllocateNothingPerCall() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported());
    threads.setThreadAllocatedMemoryEnabled(true);
    InMemorySink sink = new InMemorySink(10);
    Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.WARN).sinks(sink).build());
    Logger logger = Logger.get("alloc.check");
    Attrs attributes = Attrs.of("order.id", 1234);
    int calls = 200_000;
    for (int i = 0; i < calls; i++) { // warm up
      logger.debug("cache miss", attributes);
      logger.info("order placed");
      debugFluently(logger, i);
    }
    long threadId = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(threadId);
    for (int i = 0; i < calls; i++) {
      logger.debug("cache miss", attributes);
      logger.info("order placed");
      logger.log(7, "debug3", attributes);
      debugFluently(logger, i);
    }
    long allocated = threads.getThreadAllocatedBytes(threadId) - before;
    assertThat(sink.records()).isEmpty();
    assertThat(allocated).as("bytes allocated by %d disabled emits", 4 * calls)
        .isLessThan(64 * 1024);
  }

  /** The fluent form: a disabled level returns a no-op event, so not even the values are boxed. */
  private static void debugFluently(Logger logger, int orderId) {
    logger.atDebug()
        .attr("order.id", orderId)
        .attr("order.item", "sku-4711")
        .attr("order.price", 19.99)
        .attr("order.paid", (orderId & 1) == 0)
        .log("order placed");
  }
}
