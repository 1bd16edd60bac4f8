package dev.dagstack.logger.sink;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.FlushResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The one JVM shutdown hook of the sinks: flushes every sink that is still open within a bounded
 * total time, so a process that exits without closing its sinks still writes what it logged,
 * and reports on the diagnostic channel what it could not write. Sinks are tracked weakly, so
 * the hook never keeps one alive; closed ones stay tracked for the final summary of their drops.
 */
final class ShutdownFlush {

  /**
   * The total time the hook spends flushing, for all sinks together: 5 seconds, or the
   * {@code dagstack.logger.sink.shutdownTimeoutMillis} system property.
   */
  static final Duration DEADLINE =
      Duration.ofMillis(Math.max(0, Long.getLong("dagstack.logger.sink.shutdownTimeoutMillis", 5000)));

  private static final Set<AsyncDelivery> OPEN =
      Collections.newSetFromMap(new WeakHashMap<>());
  private static boolean hookRegistered;

  private ShutdownFlush() {}

  static synchronized void track(AsyncDelivery delivery) {
    if (!hookRegistered) {
      hookRegistered = true;
      try {
        Runtime.getRuntime().addShutdownHook(
            new Thread(ShutdownFlush::flushAll, "dagstack-sink-shutdown"));
      } catch (IllegalStateException | SecurityException e) {
        // Already shutting down (or not allowed): nothing can be registered any more.
        return;
      }
    }
    OPEN.add(delivery);
  }

  private static synchronized List<AsyncDelivery> open() {
    return new ArrayList<>(OPEN);
  }

  /**
   * Flushes every open sink against one shared deadline. The workers write in parallel, so
   * waiting on them one after another costs the slowest, not the sum.
   */
  static void flushAll() {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    for (AsyncDelivery delivery : open()) {
      Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      if (delivery.isClosed()) {
        // A close may still be writing; then what the rate limit holds back (emits after close).
        delivery.finishClosed(remaining);
        continue;
      }
      FlushResult result = delivery.flush(remaining);
      // Drops alone (partial) were just reported by the flush itself.
      if (!result.success() && !result.partial()) {
        Diagnostics.warn("shutdown flush could not write everything: "
            + result.failedSinks().get(0).error(), Attrs.of("sink.id", delivery.sinkId()));
      }
    }
    // The final summary: reports the rate limit still holds back (drops included).
    Diagnostics.reportHeldBack();
  }
}
