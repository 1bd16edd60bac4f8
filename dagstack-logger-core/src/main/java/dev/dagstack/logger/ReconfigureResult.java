package dev.dagstack.logger;

/** The outcome of a reconfiguration, the {@code result} tag of {@code reconfigure_total} (§13). */
public enum ReconfigureResult {
  /** The new configuration is in effect. */
  APPLIED("applied"),
  /** The new configuration was invalid; the previous one stays. */
  REJECTED("rejected");

  private final String tag;

  ReconfigureResult(String tag) {
    this.tag = tag;
  }

  /** The metric tag value: {@code applied} or {@code rejected}. */
  public String tag() {
    return tag;
  }
}
