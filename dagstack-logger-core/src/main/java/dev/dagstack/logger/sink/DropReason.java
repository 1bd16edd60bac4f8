package dev.dagstack.logger.sink;

/** Why a sink dropped a record; each drop is counted per sink and reason. */
public enum DropReason {
  /** The sink's buffer was full and its overflow policy discarded a record. */
  BUFFER_FULL("buffer_full"),
  /** The record was emitted after the sink was closed. */
  CLOSED("closed"),
  /** Writing failed (I/O error, a sink that threw) and the record could not be delivered. */
  WRITE_ERROR("write_error"),
  /**
   * The emit started while its thread was already inside the logging pipeline (a sink's
   * {@code emit}, a sink's worker, a value's {@code toString} while a record is built) and was
   * dropped instead of recursing.
   */
  REENTRANT("reentrant"),
  /**
   * The record did not fit: larger than the sink's whole buffer in bytes, or still larger than
   * the sink's maximum record size after its long strings were cut.
   */
  RECORD_TOO_LARGE("record_too_large");

  private final String tag;

  DropReason(String tag) {
    this.tag = tag;
  }

  /** The name used in metrics and diagnostics, e.g. {@code dropped_total{reason="buffer_full"}}. */
  public String tag() {
    return tag;
  }
}
