package dev.dagstack.logger.sink;

import java.io.Console;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether standard output or standard error is a terminal, and whether colour may be used there.
 *
 * <p>{@code System.console()} alone is not enough on JDK 17: it is {@code null} as soon as
 * standard input is a pipe, yet in {@code tail -f app.jsonl | java -jar … pretty} standard
 * output is a terminal. On Linux the file descriptor's link in {@code /proc/self/fd} tells which
 * device it is; elsewhere {@code System.console()} is the best guess.
 *
 * <p>Not part of the supported API: public for the {@code cli} package ({@code pretty}'s colour
 * decision) only; may change without notice.
 */
public final class Terminal {

  /** File descriptor of standard output. */
  public static final int STDOUT = 1;
  /** File descriptor of standard error. */
  public static final int STDERR = 2;

  private Terminal() {}

  /** Whether descriptor {@code fd} (1 or 2) is a terminal. */
  public static boolean isTerminal(int fd) {
    Boolean linux = isTerminalDevice(Path.of("/proc/self/fd/" + fd));
    return linux != null ? linux : consoleIsTerminal();
  }

  /**
   * Whether colour should be used on descriptor {@code fd}: it is a terminal, {@code NO_COLOR}
   * is not set (https://no-color.org) and {@code TERM} is not {@code dumb}.
   */
  public static boolean colorEnabled(int fd) {
    return colorAllowed() && isTerminal(fd);
  }

  /** Whether this process's environment allows colour (see {@link #colorEnabled(int)}). */
  public static boolean colorAllowed() {
    return colorAllowed(System.getenv());
  }

  /** Whether the environment allows colour: no {@code NO_COLOR}, and {@code TERM} not dumb. */
  static boolean colorAllowed(Map<String, String> environment) {
    String noColor = environment.get("NO_COLOR");
    if (noColor != null && !noColor.isEmpty()) {
      return false;
    }
    return !"dumb".equals(environment.get("TERM"));
  }

  /**
   * Whether the link {@code fdLink} points to a terminal device, or {@code null} when that cannot
   * be told (no {@code /proc}, as outside Linux).
   */
  static Boolean isTerminalDevice(Path fdLink) {
    try {
      String target = Files.readSymbolicLink(fdLink).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty")
          || target.equals("/dev/console");
    } catch (Exception | LinkageError e) {
      return null;
    }
  }

  private static boolean consoleIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    // From JDK 22 on, System.console() may exist without a terminal; isTerminal() then tells.
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true;
    }
  }
}
