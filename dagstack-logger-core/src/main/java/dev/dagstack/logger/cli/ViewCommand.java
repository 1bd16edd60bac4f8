package dev.dagstack.logger.cli;

import dev.dagstack.logger.viewer.FileFollower;
import dev.dagstack.logger.viewer.ViewerApi;
import dev.dagstack.logger.viewer.ViewerBuffer;
import dev.dagstack.logger.viewer.ViewerServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

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

  /** What {@link #number} gives for text that is no number at all. */
  private static final long NOT_A_NUMBER = Long.MIN_VALUE;
  /** {@link #number}: more than a {@code long} holds (after a k, m or g suffix). */
  private static final long TOO_LARGE = Long.MIN_VALUE + 1;

  /**
   * A whole number (with {@code bytes}: a k, m or g suffix counts KiB, MiB, GiB); -1 when it is
   * negative or too large (out of every range), {@link #NOT_A_NUMBER} when it is no number.
   */
  private static long number(String value, boolean bytes) {
    String v = value.strip().toLowerCase(java.util.Locale.ROOT);
    int shift = 0;
    if (bytes && !v.isEmpty() && "kmg".indexOf(v.charAt(v.length() - 1)) >= 0) {
      shift = 10 * ("kmg".indexOf(v.charAt(v.length() - 1)) + 1);
      v = v.substring(0, v.length() - 1);
    }
    if (!v.matches("[-+]?[0-9]+")) {
      return NOT_A_NUMBER;
    }
    try {
      long n = Long.parseLong(v);
      return n < 0 ? -1 : n > Long.MAX_VALUE >> shift ? TOO_LARGE : n << shift;
    } catch (NumberFormatException e) {
      return v.startsWith("-") ? -1 : TOO_LARGE; // more digits than a long holds
    }
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
        long n = number(value, arg.equals("--max-bytes"));
        if (n == TOO_LARGE) {
          err.print(arg + ": '" + value + "' is too large\n\n" + USAGE);
          return null;
        }
        if (n == NOT_A_NUMBER) {
          // Not a number at all: the range check below would misreport it as out of range.
          err.print(arg + ": '" + value + "' is not a whole number" + (arg.equals("--max-bytes")
              ? " of bytes (a k, m or g suffix counts KiB, MiB, GiB, e.g. 64m)" : "") + "\n\n"
              + USAGE);
          return null;
        }
        try {
          switch (arg) {
            case "--port":
              if (n < 0 || n > 65535) {
                throw new IllegalArgumentException("must be 0..65535");
              }
              port = (int) n;
              break;
            case "--capacity":
              capacity = ViewerBuffer.checkCapacity(n);
              break;
            case "--max-bytes":
              maxBytes = ViewerBuffer.checkMaxBytes(n);
              break;
            default:
              maxStreams = ViewerApi.checkMaxStreams(n);
              break;
          }
        } catch (IllegalArgumentException e) {
          err.print(arg + ": " + e.getMessage().replaceFirst(", got -?[0-9]+$", "")
              + ", got '" + value + "'\n\n" + USAGE);
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
