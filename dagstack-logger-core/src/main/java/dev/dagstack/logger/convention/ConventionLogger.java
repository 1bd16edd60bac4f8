package dev.dagstack.logger.convention;

import java.util.Map;

/**
 * What the conventions (operations, typed events, the AI-agent pack; spec §5) need from a
 * logger: write a record, check a level, and read the conventions of the configuration it
 * belongs to. {@link dev.dagstack.logger.Logger} implements it; the conventions sit below the
 * logger in the package layers, so they reach it only through this interface.
 */
public interface ConventionLogger {

  /** Whether a record at {@code severityNumber} (1..24) would be written (spec §3). */
  boolean isEnabled(int severityNumber);

  /** Writes a record at {@code severityNumber} with {@code attributes} (spec §2). */
  void log(int severityNumber, Object body, Map<String, ?> attributes);

  /** The conventions of the configuration this logger belongs to, read at each call. */
  ConventionsConfig conventions();
}
