package dev.dagstack.logger.sink;

/** Why a sink dropped a record; each drop is counted per sink and reason. */
public enum DropReason {
  /** The sink's buffer was full and its overflow policy discarded a record. */
  BUFFER_FULL("buffer_full"),
  /** The record was emitted after the sink was closed. */
  CLOSED("closed"),
  /** Writing failed (I/O error, a sink that threw) and the record could not be delivered. */
  WRITE_ERROR("write_error");

  private final String tag;

  DropReason(String tag) {
    this.tag = tag;
  }

  /** The name used in metrics and diagnostics, e.g. {@code dropped_total{reason="buffer_full"}}. */
  public String tag() {
    return tag;
  }
}
