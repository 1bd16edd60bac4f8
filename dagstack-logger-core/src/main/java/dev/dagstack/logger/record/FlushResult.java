package dev.dagstack.logger.record;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a flush (spec §7): whether every sink delivered what it had been given before
 * the call, within the deadline, and lost nothing since its previous flush.
 *
 * <p>A sink that dropped records since its previous flush (buffer full, write errors, records
 * too large, emits after close) is listed in {@link #failedSinks()} with the number dropped
 * ({@link FailedSink#droppedCount()}, spec §13 {@code FlushResult.dropped_count}), even when it
 * wrote everything still pending: the result is then unsuccessful and partial.
 *
 * @param success every sink flushed completely and dropped nothing
 * @param partial some records or sinks were delivered and at least one was not
 * @param failedSinks the sinks that did not flush completely or dropped records, with the reason
 */
public record FlushResult(boolean success, boolean partial, List<FailedSink> failedSinks) {

  private static final FlushResult OK = new FlushResult(true, false, List.of());

  /** Copies the list; success and failures must agree. */
  public FlushResult {
    failedSinks = failedSinks == null ? List.of() : List.copyOf(failedSinks);
    if (success != failedSinks.isEmpty()) {
      throw new IllegalArgumentException("success must be true exactly when no sink failed");
    }
  }

  /**
   * A sink that did not flush completely, or dropped records since its previous flush.
   *
   * @param sinkId the sink's {@code id()}
   * @param error what went wrong, e.g. {@code "timed out with 12 records pending"}
   * @param droppedCount records the sink dropped since its previous flush (0 when unknown)
   */
  public record FailedSink(String sinkId, String error, long droppedCount) {

    /** A failure without dropped records counted. */
    public FailedSink(String sinkId, String error) {
      this(sinkId, error, 0);
    }
  }

  /** Everything was delivered. */
  public static FlushResult ok() {
    return OK;
  }

  /** One sink failed, and nothing else was involved. */
  public static FlushResult failed(String sinkId, String error) {
    return new FlushResult(false, false, List.of(new FailedSink(sinkId, error)));
  }

  /**
   * A sink that wrote what was pending but dropped {@code droppedCount} records since its
   * previous flush: unsuccessful and partial.
   */
  public static FlushResult dropped(String sinkId, String error, long droppedCount) {
    return new FlushResult(false, true, List.of(new FailedSink(sinkId, error, droppedCount)));
  }

  /** Records dropped since their previous flush, over all sinks of this result. */
  public long droppedCount() {
    long total = 0;
    for (FailedSink sink : failedSinks) {
      total += sink.droppedCount();
    }
    return total;
  }

  /**
   * Combines the results of several sinks: successful when all are, partial when some succeeded
   * and some failed (or when any of them was partial).
   */
  public static FlushResult combine(List<FlushResult> results) {
    List<FailedSink> failed = new ArrayList<>();
    boolean anySuccess = false;
    boolean anyPartial = false;
    for (FlushResult result : results) {
      failed.addAll(result.failedSinks);
      anySuccess |= result.success;
      anyPartial |= result.partial;
    }
    if (failed.isEmpty()) {
      return OK;
    }
    return new FlushResult(false, anySuccess || anyPartial, failed);
  }
}
