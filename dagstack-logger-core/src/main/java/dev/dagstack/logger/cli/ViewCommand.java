package dev.dagstack.logger.cli;

import dev.dagstack.logger.viewer.FileFollower;
import dev.dagstack.logger.viewer.ViewerApi;
import dev.dagstack.logger.viewer.ViewerBuffer;
import dev.dagstack.logger.viewer.ViewerServer;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongUnaryOperator;

/**
 * {@code view [--port N] [--capacity N] FILE...}: serves the log viewer for the files on
 * {@code 127.0.0.1} (a free port unless {@code --port} is given), following them like
 * {@code tail -f}, until the process is stopped.
 */
final class ViewCommand {

  static final String USAGE = String.join("\n",
      "usage: java -jar dagstack-logger-core.jar view [--port N] [--capacity N] [--max-bytes N]",
      "                                               [--max-streams N] FILE...",
      "",
      "Serves the log viewer for FILEs (dagstack JSON lines or OTel JSON lines) on",
      "http://127.0.0.1:<port>/, following them like tail -f.",
      "  --port N         0 (default) picks a free port",
      "  --capacity N     records kept in memory, 1.." + ViewerBuffer.MAX_CAPACITY
          + " (default 10000; the oldest go first)",
      "  --max-bytes N    bytes of records kept in memory, at least 1048576 (default 67108864,",
      "                   64 MiB; the oldest go first); a suffix k, m or g counts KiB, MiB, GiB",
      "  --max-streams N  pages streaming at once, 1.." + ViewerApi.MAX_MAX_STREAMS + " (default "
          + ViewerApi.DEFAULT_MAX_STREAMS + ")",
      "Stop with Ctrl-C.",
      "");

  static final int DEFAULT_CAPACITY = 10_000;

  /** A running viewer: server and followers. */
  record Running(ViewerServer server, FileFollower follower) implements AutoCloseable {
    @Override
    public void close() {
      follower.close();
      server.close();
    }
  }

  private ViewCommand() {}

  /**
   * The whole number {@code value} given to {@code option} ({@code --max-bytes}: a k, m or g
   * suffix counts KiB, MiB, GiB). A negative number comes back as it is ({@link Long#MIN_VALUE}
   * when below what a {@code long} holds), for the option's range check to name.
   *
   * @throws IllegalArgumentException naming the option and the value when it is no whole
   *     number, or more than a {@code long} holds
   */
  static long number(String option, String value) {
    boolean bytes = option.equals("--max-bytes");
    String digits = value.strip().toLowerCase(Locale.ROOT);
    int shift = 0;
    int unit = bytes && !digits.isEmpty() ? "kmg".indexOf(digits.charAt(digits.length() - 1)) : -1;
    if (unit >= 0) {
      shift = 10 * (unit + 1);
      digits = digits.substring(0, digits.length() - 1);
    }
    if (!digits.matches("[-+]?[0-9]+")) {
      throw new IllegalArgumentException(option + ": '" + value + "' is not a whole number"
          + (bytes ? " of bytes (a k, m or g suffix counts KiB, MiB, GiB, e.g. 64m)" : ""));
    }
    BigInteger n = new BigInteger(digits).shiftLeft(shift);
    if (n.bitLength() < Long.SIZE) {
      return n.longValue();
    }
    if (n.signum() < 0) {
      return Long.MIN_VALUE;
    }
    throw new IllegalArgumentException(option + ": '" + value + "' is too large");
  }

  /**
   * {@code value} of {@code option} checked against the option's range.
   *
   * @throws IllegalArgumentException naming the option, its range and the value as given
   */
  private static long inRange(String option, String value, long n, LongUnaryOperator check) {
    try {
      return check.applyAsLong(n);
    } catch (IllegalArgumentException e) {
      // The range check names the number it got; the user's own text is clearer (64m, -0).
      throw new IllegalArgumentException(option + ": "
          + e.getMessage().replaceFirst(", got -?[0-9]+$", "") + ", got '" + value + "'");
    }
  }

  private static long port(long n) {
    if (n < 0 || n > 65535) {
      throw new IllegalArgumentException("must be 0..65535, got " + n);
    }
    return n;
  }

  /** Runs until the process ends; returns an exit status only on a usage or start error. */
  static int run(List<String> args, PrintStream err) {
    Running running = start(args, err);
    if (running == null) {
      return 2;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "dagstack-viewer-stop"));
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** Parses the arguments and starts serving; null (after a message on {@code err}) on error. */
  static Running start(List<String> args, PrintStream err) {
    int port = 0;
    int capacity = DEFAULT_CAPACITY;
    long maxBytes = ViewerBuffer.DEFAULT_MAX_BYTES;
    int maxStreams = ViewerApi.DEFAULT_MAX_STREAMS;
    List<Path> files = new ArrayList<>();
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!optionsEnded && arg.equals("--")) {
        optionsEnded = true;
      } else if (!optionsEnded && List.of("--port", "--capacity", "--max-bytes", "--max-streams")
          .contains(arg)) {
        if (i + 1 >= args.size()) {
          err.print(arg + " needs a value\n\n" + USAGE);
          return null;
        }
        String value = args.get(++i);
        try {
          long n = number(arg, value);
          switch (arg) {
            case "--port":
              port = (int) inRange(arg, value, n, ViewCommand::port);
              break;
            case "--capacity":
              capacity = (int) inRange(arg, value, n, ViewerBuffer::checkCapacity);
              break;
            case "--max-bytes":
              maxBytes = inRange(arg, value, n, ViewerBuffer::checkMaxBytes);
              break;
            default:
              maxStreams = (int) inRange(arg, value, n, ViewerApi::checkMaxStreams);
              break;
          }
        } catch (IllegalArgumentException e) {
          err.print(e.getMessage() + "\n\n" + USAGE);
          return null;
        }
      } else if (!optionsEnded && arg.equals("-")) {
        err.print("-: standard input cannot be followed; give a file (e.g. redirect the output"
            + " to app.jsonl and view that)\n\n" + USAGE);
        return null;
      } else if (!optionsEnded && arg.startsWith("-")) {
        err.print("unknown option '" + arg + "' for view\n\n" + USAGE);
        return null;
      } else if (Files.isDirectory(Path.of(arg))) {
        err.print(arg + ": is a directory; view follows files, e.g. " + Path.of(arg, "app.jsonl")
            + "\n\n" + USAGE);
        return null;
      } else {
        // The same file given twice (or through a link) is followed once: FileFollower.start.
        files.add(Path.of(arg));
      }
    }
    if (files.isEmpty()) {
      err.print("view needs at least one FILE (standard input cannot be followed)\n\n" + USAGE);
      return null;
    }
    ViewerBuffer buffer = new ViewerBuffer(capacity, maxBytes);
    ViewerServer server;
    try {
      server = ViewerServer.start(new ViewerApi(buffer, maxStreams), port);
    } catch (IOException e) {
      err.println("cannot serve the viewer on 127.0.0.1:" + port + ": " + e.getMessage());
      return null;
    }
    // The address first, then whatever the follower reports (e.g. a file not there yet).
    err.println("dagstack log viewer: " + server.url() + "  (Ctrl-C stops it)");
    return new Running(server, FileFollower.start(files, buffer, err));
  }
}
