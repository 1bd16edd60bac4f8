package dev.dagstack.logger.sink;

/** Defaults shared by the sinks that deliver through a worker. */
final class AsyncSinkDefaults {
  /** Records that may wait for the writer before the overflow policy applies. */
  static final int BUFFER_SIZE = 8192;

  private AsyncSinkDefaults() {}
}
