package dev.dagstack.logger.cli;

import dev.dagstack.logger.internal.Terminal;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import dev.dagstack.logger.wire.JsonLinesParser;
import dev.dagstack.logger.wire.PrettyFormatter;
import dev.dagstack.logger.wire.WireFormatException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's tool for dagstack JSON-lines files, run as
 * {@code java -jar dagstack-logger-core.jar <command> [FILE...]}: {@code canonicalize},
 * {@code validate} and {@code pretty}. Reads standard input when no file (or {@code -}) is given,
 * always as UTF-8, line by line in constant memory. Each bad line is reported on standard error
 * as {@code <file>:<line>: <problem>} and skipped; the exit status is 1 when any line was bad
 * (or a file could not be read), 2 for a usage error, 0 otherwise.
 */
public final class Main {

  static final String USAGE = String.join("\n",
      "usage: java -jar dagstack-logger-core.jar <command> [options] [FILE...]",
      "",
      "Reads dagstack JSON-lines log files (standard input when no FILE, or for '-'), as UTF-8.",
      "",
      "commands:",
      "  canonicalize        write each record in canonical form to standard output",
      "  validate            check every line; report bad ones and end with a count",
      "  pretty [--no-color] render each record as one human-readable line",
      "                      (coloured only when standard output is a terminal)",
      "",
      "Each bad line is reported on standard error as <file>:<line>: <problem> and skipped.",
      "Exit status: 0 all lines good, 1 some line bad or file unreadable, 2 usage error.",
      "");

  private static final int EXIT_OK = 0;
  private static final int EXIT_BAD_LINES = 1;
  private static final int EXIT_USAGE = 2;
  private static final int BATCH_BYTES = 64 << 10;
  private static final String STDIN = "-";

  private enum Command { CANONICALIZE, VALIDATE, PRETTY }

  private final Command command;
  private final boolean color;
  private final OutputStream out;
  private final PrintStream err;
  private final JsonLinesEncoder encoder = new JsonLinesEncoder();
  private long good;
  private long bad;
  private long unreadableFiles;

  private Main(Command command, boolean color, OutputStream out, PrintStream err) {
    this.command = command;
    this.color = color;
    this.out = out;
    this.err = err;
  }

  /** Runs the CLI and exits with its status. */
  public static void main(String[] args) {
    OutputStream out = new BufferedOutputStream(new java.io.FileOutputStream(FileDescriptor.out), BATCH_BYTES);
    PrintStream err = new PrintStream(new java.io.FileOutputStream(FileDescriptor.err), true,
        StandardCharsets.UTF_8);
    System.exit(run(args, new FileInputStream(FileDescriptor.in), out, err));
  }

  /** Runs the CLI on the given streams and returns its exit status. */
  static int run(String[] args, InputStream stdin, OutputStream out, PrintStream err) {
    if (args.length == 0) {
      err.print(USAGE);
      return EXIT_USAGE;
    }
    for (String arg : args) {
      if (arg.equals("--")) {
        break;
      }
      if (arg.equals("-h") || arg.equals("--help") || arg.equals("help")) {
        return printHelp(out, err);
      }
    }
    Command command;
    switch (args[0]) {
      case "canonicalize":
        command = Command.CANONICALIZE;
        break;
      case "validate":
        command = Command.VALIDATE;
        break;
      case "pretty":
        command = Command.PRETTY;
        break;
      default:
        err.print("unknown command '" + args[0] + "'\n\n" + USAGE);
        return EXIT_USAGE;
    }
    boolean noColor = false;
    boolean optionsEnded = false;
    List<String> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (!optionsEnded && arg.equals("--")) {
        optionsEnded = true;
      } else if (!optionsEnded && arg.equals("--no-color") && command == Command.PRETTY) {
        noColor = true;
      } else if (!optionsEnded && arg.startsWith("-") && !arg.equals(STDIN)) {
        err.print("unknown option '" + arg + "' for " + args[0] + "\n\n" + USAGE);
        return EXIT_USAGE;
      } else {
        files.add(arg);
      }
    }
    if (files.isEmpty()) {
      files.add(STDIN);
    }
    boolean color = command == Command.PRETTY && !noColor && Terminal.colorEnabled(Terminal.STDOUT);
    return new Main(command, color, out, err).process(files, stdin);
  }

  private static int printHelp(OutputStream out, PrintStream err) {
    try {
      out.write(USAGE.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return EXIT_OK;
    } catch (IOException e) {
      err.println("cannot write to standard output: " + e.getMessage());
      return EXIT_BAD_LINES;
    }
  }

  private int process(List<String> files, InputStream stdin) {
    try {
      for (String file : files) {
        if (file.equals(STDIN)) {
          processStream("<stdin>", stdin);
        } else {
          processFile(file);
        }
      }
      if (command == Command.VALIDATE) {
        long checked = good + bad;
        String summary = checked + (checked == 1 ? " line" : " lines") + " checked: " + good + " valid, " + bad + " bad"
            + (unreadableFiles == 0 ? "" : ", " + unreadableFiles + " unreadable input"
                + (unreadableFiles == 1 ? "" : "s")) + "\n";
        out.write(summary.getBytes(StandardCharsets.UTF_8));
      }
      encoderFlush();
      out.flush();
    } catch (IOException | UncheckedIOException e) {
      // Standard output went away (e.g. `| head`); nothing more to do.
      err.flush();
      return EXIT_BAD_LINES;
    }
    return bad > 0 || unreadableFiles > 0 ? EXIT_BAD_LINES : EXIT_OK;
  }

  private void processFile(String file) throws IOException {
    InputStream in;
    try {
      Path path = Path.of(file);
      if (Files.isDirectory(path)) {
        unreadableFiles++;
        err.println(file + ": cannot read: is a directory");
        return;
      }
      in = Files.newInputStream(path);
    } catch (IOException | RuntimeException e) {
      unreadableFiles++;
      err.println(file + ": cannot read: " + describe(e));
      return;
    }
    try (InputStream stream = in) {
      processStream(file, stream);
    }
  }

  private void processStream(String name, InputStream in) throws IOException {
    LineSource source = new LineSource(in, this::flushQuietly);
    LineSource.Line line = new LineSource.Line();
    long number = 0;
    while (true) {
      boolean more;
      try {
        more = source.next(line);
      } catch (IOException e) {
        unreadableFiles++;
        // Before the first line the input as a whole is unreadable: no line number then.
        err.println(name + (number == 0 ? "" : ":" + (number + 1)) + ": cannot read: "
            + describe(e));
        return;
      }
      if (!more) {
        return;
      }
      number++;
      if (line.problem != null) {
        reportBad(name, number, line.problem);
        continue;
      }
      LogRecord record;
      try {
        record = JsonLinesParser.parse(line.text);
      } catch (WireFormatException e) {
        reportBad(name, number, e.getMessage());
        continue;
      }
      good++;
      write(record);
    }
  }

  private void write(LogRecord record) throws IOException {
    switch (command) {
      case CANONICALIZE:
        encoder.append(record);
        if (encoder.size() >= BATCH_BYTES) {
          encoderFlush();
        }
        break;
      case PRETTY:
        // No flush per line: LineSource flushes before any read that would block (tail -f).
        out.write((PrettyFormatter.format(record, color) + "\n").getBytes(StandardCharsets.UTF_8));
        break;
      default:
        break;
    }
  }

  private void reportBad(String name, long number, String problem) {
    bad++;
    err.println(name + ":" + number + ": " + problem);
  }

  private void encoderFlush() throws IOException {
    if (encoder.size() > 0) {
      encoder.writeTo(out);
      encoder.reset();
    }
  }

  /** Pushes pending output out before the input blocks (so `tail -f | … ` shows lines). */
  private void flushQuietly() {
    try {
      encoderFlush();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
