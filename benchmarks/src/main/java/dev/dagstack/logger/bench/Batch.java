package dev.dagstack.logger.bench;

/** Sizes shared by the sustained-throughput benchmarks. */
final class Batch {
  /**
   * Records per sustained invocation: each invocation emits this many and then flushes, so the
   * measured rate includes getting every record to the file.
   */
  static final int RECORDS = 10_000;

  /** Records that may wait for an async writer: dagstack's default, also given to the others. */
  static final int QUEUE = 8192;

  private Batch() {}
}
