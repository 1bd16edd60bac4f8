package dev.dagstack.logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a flush (spec §7): whether every sink delivered what it had been given before
 * the call, within the deadline.
 *
 * @param success every sink flushed completely
 * @param partial some sinks flushed and at least one did not
 * @param failedSinks the sinks that did not flush completely, with the reason
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
   * A sink that did not flush completely.
   *
   * @param sinkId the sink's {@code id()}
   * @param error what went wrong, e.g. {@code "timed out with 12 records pending"}
   */
  public record FailedSink(String sinkId, String error) {}

  /** Everything was delivered. */
  public static FlushResult ok() {
    return OK;
  }

  /** One sink failed, and nothing else was involved. */
  public static FlushResult failed(String sinkId, String error) {
    return new FlushResult(false, false, List.of(new FailedSink(sinkId, error)));
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
