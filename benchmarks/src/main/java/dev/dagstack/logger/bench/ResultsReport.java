package dev.dagstack.logger.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code RESULTS.md} from JMH's JSON output and the fork-side figures in
 * {@code extras.tsv}: every figure in a table, the ratios against the targets of issue 8, and
 * the machine the run had.
 *
 * <pre>
 * java -cp ... dev.dagstack.logger.bench.ResultsReport RESULT_JSON OUT_DIR RESULTS_MD NOTE
 * </pre>
 */
public final class ResultsReport {

  private static final String PKG = "dev.dagstack.logger.bench.";
  private static final Map<String, String> LABELS = Map.of(
      "dagstack", "dagstack core", "dagstack_guarded", "dagstack core behind isEnabled(DEBUG)",
      "dagstack_fluent", "dagstack core, fluent API (atDebug().attr(...).log(...))",
      "bridge", "dagstack via SLF4J bridge",
      "logback", "Logback + LogstashEncoder", "log4j2", "Log4j2 JsonTemplateLayout");

  /** One JMH result joined with its extras. */
  record Row(String benchmark, String method, Map<String, String> params, int threads,
      double score, double error, String unit, double allocNorm, Map<String, Long> extras) {

    String stack() {
      String cls = benchmark.substring(PKG.length(), benchmark.lastIndexOf('.'));
      switch (cls) {
        case "DagstackBench":
          return "dagstack FileSink " + params.get("overflow").toLowerCase(Locale.ROOT)
              + (method.contains("fluent") ? ", fluent API" : "");
        case "BridgeBench":
          return "dagstack via SLF4J bridge, " + params.get("overflow").toLowerCase(Locale.ROOT);
        case "LogbackBench":
          return params.get("appender").equals("async")
              ? "Logback + LogstashEncoder + AsyncAppender" : "Logback + LogstashEncoder";
        case "Log4j2Bench":
          return "Log4j2 JsonTemplateLayout (sync loggers)";
        case "Log4j2AsyncBench":
          return "Log4j2 JsonTemplateLayout (async loggers)";
        case "DisabledLevelBench":
          return LABELS.getOrDefault(method, method);
        case "OtlpBench":
          return "dagstack".equals(params.get("stack"))
              ? "dagstack OtlpSink (OTLP/HTTP to a loopback receiver)"
              : "OpenTelemetry SDK: Logback appender, BatchLogRecordProcessor (same exporter)";
        case "SpanBench":
          return "dagstack FileSink drop_oldest, inside an active span";
        default:
          return cls + "." + method;
      }
    }

    long extra(String name) {
      return extras.getOrDefault(name, -1L);
    }

    /** Bytes the producing threads themselves allocated per call, or NaN. */
    double callerBytesPerOp() {
      long records = extra("caller_records");
      return records > 0 ? (double) extra("caller_bytes") / records : Double.NaN;
    }

    long lost() {
      long emitted = extra("emitted");
      return emitted < 0 ? 0 : emitted - extra("written") - Math.max(0, extra("dropped"));
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      System.err.println("usage: ResultsReport RESULT_JSON OUT_DIR RESULTS_MD NOTE");
      System.exit(2);
    }
    Path resultsMd = Path.of(args[2]);
    // Read before anything is written: a RESULTS.md whose hand-written part cannot be told apart
    // is left as it is.
    String handWritten;
    try {
      handWritten = handWritten(resultsMd);
    } catch (IllegalStateException e) {
      System.err.println("ResultsReport: " + e.getMessage());
      System.exit(1);
      return;
    }
    JsonNode results = JsonMapper.builder().build().readTree(Path.of(args[0]).toFile());
    if (results == null || !results.isArray() || results.isEmpty()) {
      System.err.println("ResultsReport: no benchmark results in " + args[0]
          + " (did every fork fail? see jmh.log); " + resultsMd + " left as it was");
      System.exit(1);
      return;
    }
    Map<String, Map<String, Long>> extras = readExtras(Path.of(args[1]).resolve(Extras.FILE_NAME));
    Map<String, String> samples = readSamples(Path.of(args[1]).resolve(Extras.SAMPLES_FILE_NAME));
    List<Row> rows = new ArrayList<>();
    String jvm = "";
    for (JsonNode result : results) {
      String benchmark = result.path("benchmark").asString();
      Map<String, String> params = new TreeMap<>();
      for (Map.Entry<String, JsonNode> param : result.path("params").properties()) {
        params.put(param.getKey(), param.getValue().asString());
      }
      int threads = result.path("threads").asInt();
      JsonNode primary = result.path("primaryMetric");
      JsonNode alloc = result.path("secondaryMetrics").path("gc.alloc.rate.norm");
      rows.add(new Row(benchmark, benchmark.substring(benchmark.lastIndexOf('.') + 1), params,
          threads, number(primary.path("score")), number(primary.path("scoreError")),
          primary.path("scoreUnit").asString(),
          alloc.isMissingNode() ? Double.NaN : number(alloc.path("score")),
          extras.getOrDefault(Extras.key(benchmark, params, threads), Map.of())));
      jvm = result.path("vmName").asString() + " " + result.path("jdkVersion").asString()
          + " (" + result.path("vmVersion").asString() + ")";
    }
    String report = render(rows, samples, jvm, args[3]) + "\n" + HAND_WRITTEN + "\n"
        + handWritten;
    Files.writeString(resultsMd, report, StandardCharsets.UTF_8);
    System.out.println("wrote " + args[2]);
  }

  /**
   * The line after which {@code RESULTS.md} holds hand-written sections (A/B runs, profiles):
   * a new run replaces the generated tables above it and keeps everything after it.
   */
  static final String HAND_WRITTEN = "<!-- Hand-written sections below: benchmarks/run.sh keeps "
      + "everything after this line. -->";
  /** How the marker line is recognised, whatever follows these words on it. */
  private static final String HAND_WRITTEN_START = "<!-- Hand-written sections below";

  /**
   * The text after the marker line of the existing {@code results} file ("" when there is none
   * yet or nothing follows it).
   *
   * @throws IllegalStateException when the file exists without a marker line: what in it is
   *     hand-written cannot be told, and it would be lost
   */
  static String handWritten(Path results) throws IOException {
    if (!Files.exists(results)) {
      return "";
    }
    String existing = Files.readString(results, StandardCharsets.UTF_8);
    int at = existing.startsWith(HAND_WRITTEN_START) ? 0
        : existing.indexOf("\n" + HAND_WRITTEN_START);
    if (at < 0) {
      throw new IllegalStateException(results + " has no line starting with '"
          + HAND_WRITTEN_START + "', so its hand-written sections cannot be kept; add the line "
          + HAND_WRITTEN + " above them (or move the file away) and run again. Nothing written.");
    }
    int lineEnd = existing.indexOf('\n', at == 0 ? 0 : at + 1);
    return lineEnd < 0 ? "" : existing.substring(lineEnd + 1);
  }

  /** JMH writes "NaN" as a string, e.g. the error of a single iteration. */
  private static double number(JsonNode node) {
    return node.isNumber() ? node.asDouble() : Double.NaN;
  }

  private static Map<String, Map<String, Long>> readExtras(Path file) throws IOException {
    Map<String, Map<String, Long>> extras = new HashMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] parts = line.split("\t");
        if (parts.length == 3) {
          extras.computeIfAbsent(parts[0], k -> new HashMap<>())
              .merge(parts[1], Long.parseLong(parts[2]), Long::sum);
        }
      }
    }
    return extras;
  }

  private static Map<String, String> readSamples(Path file) throws IOException {
    Map<String, String> samples = new LinkedHashMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int tab = line.indexOf('\t');
        int bar = line.indexOf('|');
        if (bar < 0 || tab < bar || !line.startsWith(PKG)) {
          // A line a fork did not finish writing (killed mid-write): its sample is left out.
          continue;
        }
        String key = line.substring(0, tab);
        String cls = key.substring(PKG.length(), key.indexOf('|'));
        cls = cls.substring(0, cls.lastIndexOf('.'));
        String params = key.substring(key.indexOf('|') + 1, key.lastIndexOf('|'));
        samples.putIfAbsent(cls + (params.isEmpty() ? "" : " " + params), line.substring(tab + 1));
      }
    }
    return samples;
  }

  static String render(List<Row> rows, Map<String, String> samples, String jvm, String note) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark results\n\n");
    md.append("Generated by `benchmarks/run.sh` (ResultsReport) on ")
        .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(".\n\n");
    md.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
        .append(cpuModel()).append(", ")
        .append(Runtime.getRuntime().maxMemory() / (1024 * 1024))
        .append(" MiB default max heap (the forks run without -Xmx unless the Run line says so)\n");
    md.append("- JVM: ").append(jvm).append('\n');
    md.append("- Run: ").append(note).append("\n\n");
    md.append("What each figure means and how to rerun: docs/benchmarks.md.\n\n");

    md.append("## Caller-side cost of one enabled INFO emit (AverageTime)\n\n");
    md.append("| stack | threads | ns/op | ± | B/op, all threads (gc.alloc.rate.norm) | B/op, caller thread | emitted | dropped | lost |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : select(rows, "caller_")) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %s | %s | %s | %s | %s |\n",
          r.stack(), r.threads, r.score, err(r.error), num(r.allocNorm), num(r.callerBytesPerOp()),
          count(r.extra("emitted")), count(r.extra("dropped")), lost(r)));
    }
    md.append("\n## Sustained file throughput: batches of ").append(Batch.RECORDS)
        .append(" records, each followed by a flush (Throughput)\n\n");
    md.append("| stack | threads | records/s emitted | ± | records/s written | emitted | written | dropped | lost |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : select(rows, "sustained_")) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %,.0f | %s | %s | %s | %s |\n",
          r.stack(), r.threads, r.score, err(r.error), writtenRate(r),
          count(r.extra("emitted")), count(r.extra("written")), count(r.extra("dropped")), lost(r)));
    }
    md.append("\n## Disabled level: DEBUG under an INFO logger, call written as the enabled one\n\n");
    md.append("| stack | ns/op | ± | B/op (gc.alloc.rate.norm) | B/op, caller thread |\n");
    md.append("|---|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      if (r.benchmark.contains(".DisabledLevelBench.")) {
        md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %s | %s |\n", r.stack(), r.score,
            err(r.error), num(r.allocNorm), num(r.callerBytesPerOp())));
      }
    }
    md.append("\n## Emit inside an active OpenTelemetry span\n\n");
    md.append("| stack | threads | ns/op | ± | B/op, all threads | B/op, caller thread |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      if (r.benchmark.contains(".SpanBench.")) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %s | %s |\n", r.stack(),
            r.threads, r.score, err(r.error), num(r.allocNorm), num(r.callerBytesPerOp())));
      }
    }
    Row plain = find(rows, "DagstackBench.caller_1t", "DROP_OLDEST");
    Row inSpan = find(rows, "SpanBench.dagstack_inSpan", null);
    if (plain != null && inSpan != null) {
      md.append(String.format(Locale.ROOT, "\nThe span adds %.1f ns/op over the same emit without one (%.1f ns/op).\n",
          inSpan.score - plain.score, plain.score));
    }

    md.append("\n## Targets (ratios within this run)\n\n");
    md.append("| target | threads | dagstack | other | ratio | met |\n|---|---:|---:|---:|---:|---|\n");
    for (int threads = 1; threads <= 2; threads++) {
      String suffix = "_" + threads + "t";
      Row block = find(rows, "DagstackBench.sustained" + suffix, "BLOCK");
      Row logback = best(find(rows, "LogbackBench.sustained" + suffix, "file"),
          find(rows, "LogbackBench.sustained" + suffix, "async"));
      Row log4j2 = best(find(rows, "Log4j2Bench.sustained" + suffix, null),
          find(rows, "Log4j2AsyncBench.sustained" + suffix, null));
      ratioRow(md, "sustained records/s (block) ≥ 3× best Logback+logstash", threads, block, logback, 3, true);
      ratioRow(md, "sustained records/s (block) ≥ 3× best Logback+logstash, via the SLF4J bridge",
          threads, find(rows, "BridgeBench.sustained" + suffix, "BLOCK"), logback, 3, true);
      ratioRow(md, "sustained records/s (block) ≥ 2× best Log4j2 JsonTemplateLayout", threads, block, log4j2, 2, true);
      Row async = find(rows, "DagstackBench.caller" + suffix, "DROP_OLDEST");
      Row logbackAsync = find(rows, "LogbackBench.caller" + suffix, "async");
      ratioRow(md, "caller ns/op (drop_oldest) ≤ 1/3 of Logback AsyncAppender", threads, async, logbackAsync, 3, false);
      if (threads == 1) {
        ratioRow(md, "caller ns/op (drop_oldest, fluent API) ≤ 1/3 of Logback AsyncAppender", threads,
            find(rows, "DagstackBench.caller_fluent_1t", "DROP_OLDEST"), logbackAsync, 3, false);
      }
    }
    for (String[] api : new String[][] {{"dagstack", ""}, {"dagstack_fluent", ", fluent API"}}) {
      Row disabled = find(rows, "DisabledLevelBench." + api[0], null);
      if (disabled == null) {
        md.append("| disabled level < 2 ns/op").append(api[1]).append(" | 1 | n/a | | | not measured |\n");
        md.append("| disabled level 0 B/op").append(api[1]).append(" | 1 | n/a | | | not measured |\n");
      } else {
        md.append(String.format(Locale.ROOT, "| disabled level < 2 ns/op%s | 1 | %.2f ns/op | | | %s |\n",
            api[1], disabled.score, disabled.score < 2 ? "yes" : "**no**"));
        md.append(String.format(Locale.ROOT, "| disabled level 0 B/op%s | 1 | %s B/op | | | %s |\n",
            api[1], num(disabled.allocNorm), disabled.allocNorm < 0.5 ? "yes" : "**no**"));
      }
    }
    for (String[] api : new String[][] {{"caller_1t", ""}, {"caller_fluent_1t", ", fluent API"}}) {
      for (String overflow : List.of("DROP_OLDEST", "BLOCK")) {
        Row caller = find(rows, "DagstackBench." + api[0], overflow);
        if (caller == null) {
          md.append("| ≤ 200 B/op on the caller thread (").append(overflow.toLowerCase(Locale.ROOT))
              .append(api[1]).append(") | 1 | n/a | | | not measured |\n");
        } else {
          // Compared as shown (0.1 B): JMH's own per-iteration work on the producer thread
          // (~50 KB per iteration of millions of calls) adds a few thousandths of a byte.
          double bytes = caller.callerBytesPerOp();
          md.append(String.format(Locale.ROOT, "| ≤ 200 B/op on the caller thread (%s%s) | 1 | %s B/op | | | %s |\n",
              overflow.toLowerCase(Locale.ROOT), api[1], num(bytes),
              Math.round(bytes * 10) <= 2000 ? "yes" : "**no**"));
        }
      }
    }

    md.append("\nTargets still missed, and why: \"What remains and why\" in docs/benchmarks.md.\n");

    if (!samples.isEmpty()) {
      md.append("\n## What each stack writes (first line of its file)\n\n");
      samples.forEach((stack, line) ->
          md.append("- ").append(stack).append(":\n  `").append(line.replace("`", "'")).append("`\n"));
    }
    return md.toString();
  }

  private static void ratioRow(StringBuilder md, String target, int threads, Row dagstack, Row other,
      double factor, boolean higherIsBetter) {
    if (dagstack == null || other == null) {
      md.append("| ").append(target).append(" | ").append(threads).append(" | n/a | n/a | | not measured |\n");
      return;
    }
    double dagstackValue = higherIsBetter ? writtenRate(dagstack) : dagstack.score;
    double otherValue = higherIsBetter ? writtenRate(other) : other.score;
    double ratio = higherIsBetter ? dagstackValue / otherValue : otherValue / dagstackValue;
    md.append(String.format(Locale.ROOT, "| %s | %d | %,.1f | %,.1f (%s) | %.2f× | %s |\n", target,
        threads, dagstackValue, otherValue, other.stack(), ratio, ratio >= factor ? "yes" : "**no**"));
  }

  /** Records per second that reached the file: the JMH rate less the dropped share. */
  private static double writtenRate(Row r) {
    long emitted = r.extra("emitted");
    long written = r.extra("written");
    return emitted > 0 && written >= 0 ? r.score * written / emitted : r.score;
  }

  private static Row best(Row a, Row b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return writtenRate(a) >= writtenRate(b) ? a : b;
  }

  private static Row find(List<Row> rows, String classAndMethod, String param) {
    for (Row r : rows) {
      if (r.benchmark.equals(PKG + classAndMethod)
          && (param == null || r.params.containsValue(param))) {
        return r;
      }
    }
    return null;
  }

  private static List<Row> select(List<Row> rows, String methodPrefix) {
    List<Row> selected = new ArrayList<>();
    try (Stream<Row> stream = rows.stream()) {
      stream.filter(r -> r.method.startsWith(methodPrefix)
              && !r.benchmark.contains(".DisabledLevelBench.") && !r.benchmark.contains(".SpanBench."))
          .sorted((a, b) -> a.threads != b.threads ? a.threads - b.threads : 0)
          .forEach(selected::add);
    }
    return selected;
  }

  private static double err(double error) {
    return Double.isNaN(error) ? 0 : error;
  }

  private static String num(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String count(long value) {
    return value < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", value);
  }

  private static String lost(Row r) {
    if (r.extra("emitted") < 0) {
      // Not counted by this benchmark (OtlpBench reports its deliveries in its own log).
      return "n/a";
    }
    long lost = r.lost();
    return lost == 0 ? "0" : "**" + String.format(Locale.ROOT, "%,d", lost) + "**";
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
    } catch (IOException | RuntimeException e) {
      return System.getProperty("os.arch") + " (CPU model unknown)";
    }
  }
}
