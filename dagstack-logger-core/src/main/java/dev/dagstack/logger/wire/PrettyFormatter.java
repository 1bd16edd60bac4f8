package dev.dagstack.logger.wire;

import dev.dagstack.logger.record.LogRecord;

/**
 * Renders a record as one human-readable line (the ConsoleSink pretty format and the CLI's
 * {@code pretty} command):
 *
 * <pre>
 * 2026-11-21T10:15:30.123456Z [INFO] order_service.api: request received | request.id=req-abc user.id=42
 * </pre>
 *
 * Time in UTC with microseconds; attributes sorted by key; a value containing a space, a
 * {@code =} or a quote is written quoted. With colour on, the severity is coloured by ANSI
 * escape codes (TRACE/DEBUG dim, INFO green, WARN yellow, ERROR red, FATAL bold red).
 */
public final class PrettyFormatter {

  private PrettyFormatter() {}

  /** The record as one line, without a line feed. */
  public static String format(LogRecord record, boolean color) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
