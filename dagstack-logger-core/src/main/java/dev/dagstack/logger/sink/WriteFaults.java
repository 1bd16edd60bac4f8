package dev.dagstack.logger.sink;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;

/**
 * Reports a writer's faults on the diagnostic channel once per episode, not once per batch: the
 * first failure with its cause, then one report when writing works again, with how many records
 * were lost meanwhile. Used by one thread at a time.
 */
final class WriteFaults {

  private final Attrs attributes;
  private final String target;
  private boolean failing;
  private long lostWhileFailing;

  /** {@code target} names what is written, e.g. {@code "log file /var/log/app.jsonl"}. */
  WriteFaults(String sinkId, String target, Attrs extraAttributes) {
    this.attributes = Attrs.of("sink.id", sinkId).withAll(extraAttributes);
    this.target = target;
  }

  /** {@code lost} records could not be written because of {@code error}. */
  void failed(Exception error, long lost) {
    lostWhileFailing += lost;
    if (!failing) {
      failing = true;
      Diagnostics.error("cannot write " + target + "; dropping records until it works again",
          error, attributes);
    }
  }

  /** A batch was written; ends a fault episode if there was one. */
  void succeeded() {
    if (failing) {
      failing = false;
      Diagnostics.warn("writing " + target + " works again; " + lostWhileFailing
          + " records were dropped meanwhile (counted as write_error)", attributes);
      lostWhileFailing = 0;
    }
  }

  /** Reports a problem that loses no record. */
  void warn(String message) {
    Diagnostics.warn(message, attributes);
  }

  /** Reports a problem that loses no record, with its cause. */
  void error(String message, Exception cause) {
    Diagnostics.error(message, cause, attributes);
  }
}
