package dev.dagstack.logger.sink;

/** Defaults shared by the sinks that deliver through a worker. */
final class AsyncSinkDefaults {
  /** Records that may wait for the writer before the overflow policy applies. */
  static final int BUFFER_SIZE = 8192;

  /**
   * Estimated bytes of the records that may wait for the writer (32 MiB), whatever their count:
   * a stuck sink with large records holds at most this much heap.
   */
  static final long BUFFER_BYTES = 32L << 20;

  /** The longest line (in UTF-8 bytes, without the line feed) a sink writes by default: 16 MiB. */
  static final int MAX_RECORD_BYTES = 16 << 20;

  /** The smallest maximum record size a sink accepts. */
  static final int MIN_RECORD_BYTES = 1024;

  private AsyncSinkDefaults() {}
}
