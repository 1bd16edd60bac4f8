package dev.dagstack.logger.wire;

import dev.dagstack.logger.record.LogRecord;
import java.util.List;
import java.util.Locale;

/**
 * The line formats a file or console sink writes and the CLI reads (spec §1, §12): one record
 * per line, LF between lines, and for each a strict parser such that emit → parse → re-emit is
 * byte-identical.
 */
public enum WireFormat {
  /** Canonical dagstack JSON lines (spec §1), the default. */
  JSON("json"),
  /**
   * The OTLP JSON encoding (spec §12): each line a whole {@code ExportLogsServiceRequest}
   * ({@code {"resourceLogs":[…]}}) holding one record, which is what the OpenTelemetry
   * Collector's {@code otlpjsonfile} receiver reads and its {@code file} exporter writes.
   */
  OTEL_JSON("otel-json");

  private final String value;

  WireFormat(String value) {
    this.value = value;
  }

  /** The name used in configuration and by the CLI, e.g. {@code "otel-json"}. */
  public String value() {
    return value;
  }

  /** A new encoder of this format. */
  public RecordEncoder newEncoder() {
    return this == JSON ? new JsonLinesEncoder() : new OtelJsonEncoder();
  }

  /**
   * Parses one line into its records: always one for {@link #JSON}; for {@link #OTEL_JSON} every
   * record of the request, in order (files written by other OTLP tools may group several).
   *
   * @throws WireFormatException naming what is wrong
   */
  public List<LogRecord> parseLine(String line) throws WireFormatException {
    return this == JSON ? List.of(JsonLinesParser.parse(line)) : OtelJsonParser.parseAll(line);
  }

  /**
   * Parses {@code json} (also {@code jsonl}, {@code dagstack}) or {@code otel-json} (also
   * {@code otlp-json}), in any case.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static WireFormat parse(String text) {
    String normalized = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    switch (normalized) {
      case "json":
      case "jsonl":
      case "dagstack":
        return JSON;
      case "otel-json":
      case "otlp-json":
        return OTEL_JSON;
      default:
        throw new IllegalArgumentException(
            "invalid wire format '" + text + "': expected one of json, otel-json");
    }
  }
}
