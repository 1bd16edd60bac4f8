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
      "usage: java -jar dagstack-logger-core.jar view [--port N] [--capacity N] FILE...",
      "",
      "Serves the log viewer for FILEs (dagstack JSON lines) on http://127.0.0.1:<port>/,",
      "following them like tail -f. --port: 0 (default) picks a free port. --capacity: records",
      "kept in memory (default 10000; the oldest go first). Stop with Ctrl-C.",
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

  /** Runs until the process ends; returns an exit status only on a usage or start error. */
  static int run(List<String> args, PrintStream err) {
    Running running = start(args, err);
    if (running == null) {
      return 2;
    }
    err.println("dagstack log viewer: " + running.server().url() + "  (Ctrl-C stops it)");
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
    List<Path> files = new ArrayList<>();
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!optionsEnded && arg.equals("--")) {
        optionsEnded = true;
      } else if (!optionsEnded && (arg.equals("--port") || arg.equals("--capacity"))) {
        if (i + 1 >= args.size()) {
          err.print(arg + " needs a value\n\n" + USAGE);
          return null;
        }
        String value = args.get(++i);
        int n;
        try {
          n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          n = -1;
        }
        if (arg.equals("--port") && (n < 0 || n > 65535)) {
          err.print("--port must be 0..65535, got '" + value + "'\n\n" + USAGE);
          return null;
        }
        if (arg.equals("--capacity") && n < 1) {
          err.print("--capacity must be a positive integer, got '" + value + "'\n\n" + USAGE);
          return null;
        }
        if (arg.equals("--port")) {
          port = n;
        } else {
          capacity = n;
        }
      } else if (!optionsEnded && arg.startsWith("-")) {
        err.print("unknown option '" + arg + "' for view\n\n" + USAGE);
        return null;
      } else if (Files.isDirectory(Path.of(arg))) {
        err.print(arg + ": is a directory; view follows files, e.g. " + Path.of(arg, "app.jsonl")
            + "\n\n" + USAGE);
        return null;
      } else {
        files.add(Path.of(arg));
      }
    }
    if (files.isEmpty()) {
      err.print("view needs at least one FILE (standard input cannot be followed)\n\n" + USAGE);
      return null;
    }
    ViewerBuffer buffer = new ViewerBuffer(capacity);
    ViewerServer server;
    try {
      server = ViewerServer.start(new ViewerApi(buffer), port);
    } catch (IOException e) {
      err.println("cannot serve the viewer on 127.0.0.1:" + port + ": " + e.getMessage());
      return null;
    }
    return new Running(server, FileFollower.start(files, buffer, err));
  }
}
