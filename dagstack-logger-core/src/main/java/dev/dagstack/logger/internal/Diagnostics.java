package dev.dagstack.logger.internal;

import dev.dagstack.logger.Attrs;

/**
 * The {@code dagstack.logger.internal} diagnostic channel (spec §7.4): the logger's own reports
 * (sink errors, drops, configuration warnings). Written directly as canonical JSON lines to
 * standard error by its own sink; it does not inherit the root's sinks, skips redaction, and
 * never throws.
 */
public final class Diagnostics {

  /** The channel's logger name. */
  public static final String LOGGER_NAME = "dagstack.logger.internal";

  private Diagnostics() {}

  /** Reports a warning. */
  public static void warn(String message) {
    warn(message, Attrs.empty());
  }

  /** Reports a warning with attributes (e.g. {@code sink.id}). */
  public static void warn(String message, Attrs attributes) {
    // Stub until the core logger lands: the channel must never throw.
    System.err.println("[dagstack.logger.internal] WARN " + message + " " + attributes);
  }

  /** Reports an error with attributes; {@code error} (may be null) adds {@code exception.*}. */
  public static void error(String message, Throwable error, Attrs attributes) {
    System.err.println("[dagstack.logger.internal] ERROR " + message + " " + attributes + " " + error);
  }
}
