package dev.dagstack.logger.cli;

import dev.dagstack.logger.wire.PrettyFormatter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The CLI's standard error: whatever a message quotes (a file name, a value from a line) reaches
 * the terminal without raw control characters or bidi controls, so a hostile file name or line
 * cannot retitle the window, move the cursor or reorder the text. Line feeds and tabs are kept.
 */
final class TerminalSafeStream extends PrintStream {

  private TerminalSafeStream(PrintStream target) {
    super(target, true, StandardCharsets.UTF_8);
  }

  /** {@code err} made terminal-safe (itself when it is already). */
  static PrintStream wrap(PrintStream err) {
    return err instanceof TerminalSafeStream ? err : new TerminalSafeStream(err);
  }

  // print(Object), println(String) and println(Object) of a subclass all go through here.
  @Override
  public void print(String s) {
    super.print(PrettyFormatter.terminalSafe(s));
  }
}
