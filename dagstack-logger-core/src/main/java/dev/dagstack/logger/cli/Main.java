package dev.dagstack.logger.cli;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.Terminal;
import dev.dagstack.logger.wire.PrettyFormatter;
import dev.dagstack.logger.wire.RecordEncoder;
import dev.dagstack.logger.wire.WireFormat;
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
 * The operator's tool for dagstack JSON-lines and OTel JSON-lines files, run as
 * {@code java -jar dagstack-logger-core.jar <command> [FILE...]}: {@code canonicalize} (which
 * also converts between the two with {@code --to}), {@code validate} and {@code pretty}; input in
 * either format ({@code --format}, detected per line by default). Reads standard input when no file (or {@code -}) is given,
 * always as UTF-8, line by line in constant memory. Each bad line is reported on standard error
 * as {@code <file>:<line>: <problem>} and skipped; the exit status is 1 when any line was bad
 * (or a file could not be read), 2 for a usage error, 0 otherwise.
 */
public final class Main {

  static final String USAGE = String.join("\n",
      "usage: java -jar dagstack-logger-core.jar <command> [options] [FILE...]",
      "",
      "Reads dagstack JSON-lines or OTel JSON-lines log files (standard input when no FILE,",
      "or for '-'), as UTF-8.",
      "",
      "commands:",
      "  canonicalize [--to F] write each record in canonical form to standard output,",
      "                        in format F (default: the format it was read in)",
      "  validate              check every line; report bad ones and end with a count",
      "  pretty [--no-color]   render each record as one human-readable line",
      "                        (coloured only when standard output is a terminal)",
      "  view [--port N] FILE...  serve the live log viewer for FILEs on http://127.0.0.1",
      "                        (follows them like tail -f; see 'view --help')",
      "",
      "options:",
      "  --format F            the input format: json, otel-json or auto (the default:",
      "                        each line's own format, OTel JSON when it holds resourceLogs)",
      "",
      "formats: json (canonical dagstack JSON lines), otel-json (OTLP JSON, one",
      "ExportLogsServiceRequest per line, as the OpenTelemetry Collector's otlpjsonfile",
      "receiver reads).",
      "",
      "Each bad line is reported on standard error as <file>:<line>: <problem> and skipped.",
      "Blank (whitespace-only) lines are skipped and not counted.",
      "Exit status: 0 all lines good, 1 some line bad or file unreadable, 2 usage error.",
      "");

  private static final int EXIT_OK = 0;
  private static final int EXIT_BAD_LINES = 1;
  private static final int EXIT_USAGE = 2;
  /** 128 + SIGPIPE: what a shell reports for a tool its closed pipe ended. */
  private static final int EXIT_OUTPUT_CLOSED = 141;
  private static final int BATCH_BYTES = 64 << 10;
  private static final String STDIN = "-";

  private enum Command { CANONICALIZE, VALIDATE, PRETTY }

  private final Command command;
  private final boolean color;
  /** The input format; null: detected per line. */
  private final WireFormat from;
  /** The output format of canonicalize; null: each record's input format. */
  private final WireFormat to;
  private final OutputStream out;
  private final PrintStream err;
  private final RecordEncoder[] encoders = new RecordEncoder[WireFormat.values().length];
  /** The encoder holding unwritten output, if any. */
  private RecordEncoder encoder;
  private long good;
  private long bad;
  private long unreadableFiles;

  private Main(Command command, boolean color, WireFormat from, WireFormat to, OutputStream out,
      PrintStream err) {
    this.command = command;
    this.color = color;
    this.from = from;
    this.to = to;
    this.out = out;
    this.err = err;
  }

  /** The line being converted ({@code file:line}), for the value layer's reports. */
  private static volatile String position = "";

  /** Runs the CLI and exits with its status. */
  public static void main(String[] args) {
    OutputStream out = new BufferedOutputStream(new java.io.FileOutputStream(FileDescriptor.out), BATCH_BYTES);
    PrintStream err = new PrintStream(new java.io.FileOutputStream(FileDescriptor.err), true,
        StandardCharsets.UTF_8);
    // What the value layer cuts while a line is converted (a value nested deeper than OTel
    // JSON's 128 levels) is said where the line is, as a bad line is. Only in the CLI's own
    // process: the channel is process-wide.
    PrintStream safeErr = TerminalSafeStream.wrap(err);
    dev.dagstack.logger.record.Values.reportProblemsTo(
        (kind, message) -> safeErr.println(position + ": " + message));
    System.exit(run(args, new FileInputStream(FileDescriptor.in), out, err));
  }

  /** Runs the CLI on the given streams and returns its exit status. */
  static int run(String[] args, InputStream stdin, OutputStream out, PrintStream err) {
    err = TerminalSafeStream.wrap(err);
    if (args.length == 0) {
      err.print(USAGE);
      return EXIT_USAGE;
    }
    if (args[0].equals("view")) {
      List<String> rest = List.of(args).subList(1, args.length);
      if (rest.contains("-h") || rest.contains("--help")) {
        err.print(ViewCommand.USAGE);
        return EXIT_OK;
      }
      return ViewCommand.run(rest, err);
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
    WireFormat from = null;
    WireFormat to = null;
    List<String> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (!optionsEnded && arg.equals("--")) {
        optionsEnded = true;
      } else if (!optionsEnded && arg.equals("--no-color") && command == Command.PRETTY) {
        noColor = true;
      } else if (!optionsEnded && (option.equals("--format")
          || option.equals("--to") && command == Command.CANONICALIZE)) {
        String value;
        if (arg.contains("=")) {
          value = arg.substring(arg.indexOf('=') + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          err.print("option " + option + " needs a value\n\n" + USAGE);
          return EXIT_USAGE;
        }
        WireFormat format;
        try {
          format = option.equals("--format") && value.equalsIgnoreCase("auto")
              ? null : WireFormat.parse(value);
        } catch (IllegalArgumentException e) {
          // --format also takes auto, which the wire format's own message cannot know.
          String message = option.equals("--format")
              ? "invalid wire format '" + value + "': expected one of auto, json, otel-json"
              : e.getMessage();
          err.print("option " + option + ": " + message + "\n\n" + USAGE);
          return EXIT_USAGE;
        }
        if (option.equals("--format")) {
          from = format;
        } else {
          to = format;
        }
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
    return new Main(command, color, from, to, out, err).process(files, stdin);
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
      IOException cause = e instanceof UncheckedIOException
          ? ((UncheckedIOException) e).getCause() : (IOException) e;
      if (String.valueOf(cause.getMessage()).contains("Broken pipe")) {
        // The reader went away (`| head`): stop quietly, with the status of a tool that
        // SIGPIPE ended (the JVM ignores the signal), not that of a bad line.
        err.flush();
        return EXIT_OUTPUT_CLOSED;
      }
      err.println("cannot write to standard output: " + cause.getMessage());
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
      if (line.text.isBlank()) {
        // Whitespace between records (a trailing newline, an editor's blank line) holds no
        // record: skipped, not counted, by every command alike; line numbers stay the file's.
        continue;
      }
      WireFormat format = from != null ? from : detect(line.text);
      List<LogRecord> records;
      try {
        records = format.parseLine(line.text);
      } catch (WireFormatException e) {
        reportBad(name, number, e.getMessage());
        continue;
      }
      good++;
      position = name + ":" + number;
      for (LogRecord record : records) {
        write(record, to != null ? to : format);
      }
    }
  }

  /** OTel JSON when the line's first key is {@code resourceLogs}, else dagstack JSON. */
  private static WireFormat detect(String line) {
    int i = 0;
    int n = line.length();
    while (i < n && Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    if (i < n && line.charAt(i) == '{') {
      i++;
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (line.startsWith("\"resourceLogs\"", i)) {
        return WireFormat.OTEL_JSON;
      }
    }
    return WireFormat.JSON;
  }

  private void write(LogRecord record, WireFormat format) throws IOException {
    switch (command) {
      case CANONICALIZE:
        RecordEncoder target = encoders[format.ordinal()];
        if (target == null) {
          target = format.newEncoder();
          encoders[format.ordinal()] = target;
        }
        if (target != encoder) {
          // Lines keep their input order across formats.
          encoderFlush();
          encoder = target;
        }
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
    if (encoder != null && encoder.size() > 0) {
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
