package dev.dagstack.logger.wire;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.HexIds;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Resource;
import dev.dagstack.logger.record.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Strict parser of OTel JSON lines (spec §12, §14.1): {@code OtelJsonEncoder.encode(parse(line))}
 * gives back the same bytes for every line the encoder wrote. A line is one
 * {@code ExportLogsServiceRequest}; lines written by other OTLP tools (the Collector's
 * {@code file} exporter) may hold several records, which {@link #parseAll} returns in order.
 *
 * <p>Accepts what the protobuf JSON mapping allows for the fields the dagstack record has:
 * keys in any order, whitespace, 64-bit integers as strings or numbers, doubles as numbers or
 * {@code "NaN"}/{@code "Infinity"}/{@code "-Infinity"}, {@code {}} or no {@code values} for an
 * empty list or map, an empty string for an absent id, a missing {@code severityText} (then the
 * number's bucket). Rejects, naming the path (e.g.
 * {@code resourceLogs[0].scopeLogs[0].logRecords[0].traceId}): invalid JSON, unknown fields
 * (including OTLP fields the dagstack record cannot carry, such as {@code bytesValue},
 * {@code droppedAttributesCount}, {@code eventName}, {@code schemaUrl}), a missing
 * {@code timeUnixNano}, a timestamp that is not an integer, a {@code severityNumber} outside
 * 1..24, a {@code severityText} that does not match the number's bucket, a missing scope name,
 * ids that are not lowercase hex of the right length, {@code flags} outside 0..255, an
 * {@code AnyValue} with other than one value field, duplicate attribute keys. Thread-safe.
 */
public final class OtelJsonParser {

  private static final Set<String> REQUEST_FIELDS = Set.of("resourceLogs");
  private static final Set<String> RESOURCE_LOGS_FIELDS = Set.of("resource", "scopeLogs");
  private static final Set<String> RESOURCE_FIELDS = Set.of("attributes");
  private static final Set<String> SCOPE_LOGS_FIELDS = Set.of("scope", "logRecords");
  private static final Set<String> SCOPE_FIELDS = Set.of("name", "version", "attributes");
  private static final Set<String> RECORD_FIELDS = Set.of("timeUnixNano", "observedTimeUnixNano",
      "severityNumber", "severityText", "body", "attributes", "flags", "traceId", "spanId");
  private static final Set<String> KEY_VALUE_FIELDS = Set.of("key", "value");
  private static final Set<String> LIST_FIELDS = Set.of("values");

  private OtelJsonParser() {}

  /**
   * Parses a line holding exactly one record (what {@link OtelJsonEncoder} writes).
   *
   * @throws WireFormatException naming what is wrong, also when the line holds no record or
   *     several
   */
  public static LogRecord parse(String line) throws WireFormatException {
    List<LogRecord> records = parseAll(line);
    if (records.size() != 1) {
      throw new WireFormatException("expected one log record in the line, found " + records.size());
    }
    return records.get(0);
  }

  /**
   * Parses every record of a line, in order.
   *
   * @throws WireFormatException naming what is wrong
   */
  public static List<LogRecord> parseAll(String line) throws WireFormatException {
    Object document = JsonLinesParser.readJson(line);
    Attrs request = object("the line", document);
    checkFields("", request, REQUEST_FIELDS);
    List<?> resourceLogs = list("resourceLogs", request.get("resourceLogs"), true);
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < resourceLogs.size(); i++) {
      String path = "resourceLogs[" + i + "]";
      Attrs entry = object(path, resourceLogs.get(i));
      checkFields(path + ".", entry, RESOURCE_LOGS_FIELDS);
      Resource resource = resource(path + ".resource", entry.get("resource"));
      List<?> scopeLogs = list(path + ".scopeLogs", entry.get("scopeLogs"), false);
      for (int j = 0; j < scopeLogs.size(); j++) {
        String scopePath = path + ".scopeLogs[" + j + "]";
        Attrs scopeEntry = object(scopePath, scopeLogs.get(j));
        checkFields(scopePath + ".", scopeEntry, SCOPE_LOGS_FIELDS);
        InstrumentationScope scope = scope(scopePath + ".scope", scopeEntry.get("scope"));
        List<?> logRecords = list(scopePath + ".logRecords", scopeEntry.get("logRecords"), false);
        for (int k = 0; k < logRecords.size(); k++) {
          records.add(record(scopePath + ".logRecords[" + k + "]", logRecords.get(k), resource, scope));
        }
      }
    }
    return records;
  }

  private static Resource resource(String path, Object value) throws WireFormatException {
    if (value == null) {
      return Resource.empty();
    }
    Attrs resource = object(path, value);
    checkFields(path + ".", resource, RESOURCE_FIELDS);
    return Resource.of(keyValues(path + ".attributes", resource.get("attributes")));
  }

  private static InstrumentationScope scope(String path, Object value) throws WireFormatException {
    if (value == null) {
      throw new WireFormatException("missing " + path);
    }
    Attrs scope = object(path, value);
    checkFields(path + ".", scope, SCOPE_FIELDS);
    Object name = scope.get("name");
    if (!(name instanceof String)) {
      throw new WireFormatException(name == null ? "missing " + path + ".name"
          : path + ".name must be a string, got " + JsonLinesParser.describe(name));
    }
    Object version = scope.get("version");
    if (version != null && !(version instanceof String)) {
      throw new WireFormatException(path + ".version must be a string, got " + JsonLinesParser.describe(version));
    }
    return new InstrumentationScope((String) name, (String) version,
        keyValues(path + ".attributes", scope.get("attributes")));
  }

  private static LogRecord record(String path, Object value, Resource resource,
      InstrumentationScope scope) throws WireFormatException {
    Attrs record = object(path, value);
    checkFields(path + ".", record, RECORD_FIELDS);
    String prefix = path + ".";
    if (!record.containsKey("timeUnixNano")) {
      throw new WireFormatException("missing " + prefix + "timeUnixNano");
    }
    long time = int64(prefix + "timeUnixNano", record.get("timeUnixNano"));
    Long observed = record.get("observedTimeUnixNano") == null
        ? null : int64(prefix + "observedTimeUnixNano", record.get("observedTimeUnixNano"));
    Object number = record.get("severityNumber");
    if (!(number instanceof Long)) {
      throw new WireFormatException(number == null ? "missing " + prefix + "severityNumber"
          : prefix + "severityNumber must be an integer, got " + JsonLinesParser.describe(number));
    }
    long severity = (Long) number;
    if (severity < Severity.MIN || severity > Severity.MAX) {
      throw new WireFormatException(prefix + "severityNumber " + severity + " is outside 1..24");
    }
    String expected = Severity.text((int) severity);
    Object text = record.get("severityText");
    if (text != null && !expected.equals(text)) {
      throw new WireFormatException(prefix + "severityText " + JsonLinesParser.describe(text)
          + " does not match severityNumber " + severity + " (expected '" + expected + "')");
    }
    Object body = record.containsKey("body") ? anyValue(prefix + "body", record.get("body"), 0) : null;
    Attrs attributes = keyValues(prefix + "attributes", record.get("attributes"));
    long flags = 0;
    if (record.get("flags") != null) {
      Object flagsValue = record.get("flags");
      if (!(flagsValue instanceof Long) || (Long) flagsValue < 0 || (Long) flagsValue > 255) {
        throw new WireFormatException(prefix + "flags must be an integer in 0..255, got " + JsonLinesParser.describe(flagsValue));
      }
      flags = (Long) flagsValue;
    }
    String traceId = hexId(prefix + "traceId", record.get("traceId"), 32);
    String spanId = hexId(prefix + "spanId", record.get("spanId"), 16);
    try {
      return new LogRecord(time, observed, (int) severity, body, attributes, resource, scope,
          traceId, spanId, (int) flags);
    } catch (IllegalArgumentException e) {
      throw new WireFormatException(path + ": " + e.getMessage());
    }
  }

  /** An {@code AnyValue}: {@code {}} (null) or an object with exactly one value field. */
  private static Object anyValue(String path, Object value, int depth) throws WireFormatException {
    if (depth > OtelJsonEncoder.MAX_DEPTH) {
      throw new WireFormatException(path + ": values nested deeper than "
          + OtelJsonEncoder.MAX_DEPTH + " levels");
    }
    Attrs any = object(path, value);
    if (any.isEmpty()) {
      return null;
    }
    if (any.size() != 1) {
      throw new WireFormatException(path + " must have exactly one value field, got " + any.keySet());
    }
    String kind = any.keyAt(0);
    Object inner = any.valueAt(0);
    String at = path + "." + kind;
    switch (kind) {
      case "stringValue":
        if (!(inner instanceof String)) {
          throw new WireFormatException(at + " must be a string, got " + JsonLinesParser.describe(inner));
        }
        return inner;
      case "boolValue":
        if (!(inner instanceof Boolean)) {
          throw new WireFormatException(at + " must be true or false, got " + JsonLinesParser.describe(inner));
        }
        return inner;
      case "intValue":
        return int64(at, inner);
      case "doubleValue":
        return doubleValue(at, inner);
      case "arrayValue": {
        Attrs array = object(at, inner);
        checkFields(at + ".", array, LIST_FIELDS);
        List<?> values = list(at + ".values", array.get("values"), false);
        List<Object> result = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
          result.add(anyValue(at + ".values[" + i + "]", values.get(i), depth + 1));
        }
        return dev.dagstack.logger.record.Values.canonical(result);
      }
      case "kvlistValue": {
        Attrs kvlist = object(at, inner);
        checkFields(at + ".", kvlist, LIST_FIELDS);
        // Its values one level down, as the writer counts a map's (not two).
        return keyValues(at + ".values", kvlist.get("values"), depth);
      }
      case "bytesValue":
        throw new WireFormatException(at + " is not supported: the dagstack value model has no bytes");
      default:
        throw new WireFormatException("unknown field '" + at + "'");
    }
  }

  private static Attrs keyValues(String path, Object value) throws WireFormatException {
    return keyValues(path, value, 0);
  }

  /** {@code [{"key":…,"value":{…}},…]} as a map; absent means empty. */
  private static Attrs keyValues(String path, Object value, int depth) throws WireFormatException {
    List<?> entries = list(path, value, false);
    if (entries.isEmpty()) {
      return Attrs.empty();
    }
    Attrs.Builder builder = Attrs.builder(entries.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String at = path + "[" + i + "]";
      Attrs entry = object(at, entries.get(i));
      checkFields(at + ".", entry, KEY_VALUE_FIELDS);
      Object key = entry.get("key");
      if (!(key instanceof String)) {
        throw new WireFormatException(key == null ? "missing " + at + ".key"
            : at + ".key must be a string, got " + JsonLinesParser.describe(key));
      }
      if (!seen.add((String) key)) {
        throw new WireFormatException("duplicate key '" + key + "' in " + path);
      }
      Object item = entry.containsKey("value") && entry.get("value") != null
          ? anyValue(at + ".value", entry.get("value"), depth + 1) : null;
      builder.put((String) key, item);
    }
    return builder.build();
  }

  private static long int64(String path, Object value) throws WireFormatException {
    if (value instanceof Long) {
      return (Long) value;
    }
    if (value instanceof String) {
      String text = (String) value;
      if (isInteger(text)) {
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw new WireFormatException(path + " " + text + " is outside int64");
        }
      }
    }
    throw new WireFormatException(path + " must be an integer (a decimal string), got " + JsonLinesParser.describe(value));
  }

  private static boolean isInteger(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    if (text.length() == start || text.length() > start + 19 + 1) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static double doubleValue(String path, Object value) throws WireFormatException {
    if (value instanceof Double) {
      return (Double) value;
    }
    if (value instanceof Long) {
      return ((Long) value).doubleValue();
    }
    if ("NaN".equals(value)) {
      return Double.NaN;
    }
    if ("Infinity".equals(value)) {
      return Double.POSITIVE_INFINITY;
    }
    if ("-Infinity".equals(value)) {
      return Double.NEGATIVE_INFINITY;
    }
    throw new WireFormatException(path + " must be a number, \"NaN\", \"Infinity\" or \"-Infinity\", got "
        + JsonLinesParser.describe(value));
  }

  private static String hexId(String path, Object value, int hexLength) throws WireFormatException {
    if (value == null || "".equals(value)) {
      return null;
    }
    if (!(value instanceof String) || !HexIds.isValid((String) value, hexLength)) {
      throw new WireFormatException(path + " must be " + hexLength
          + " lowercase hex characters, not all zeros; got " + JsonLinesParser.describe(value));
    }
    return (String) value;
  }

  private static Attrs object(String path, Object value) throws WireFormatException {
    if (!(value instanceof Attrs)) {
      throw new WireFormatException(path + " must be an object, got " + JsonLinesParser.describe(value));
    }
    return (Attrs) value;
  }

  private static List<?> list(String path, Object value, boolean required) throws WireFormatException {
    if (value == null) {
      if (required) {
        throw new WireFormatException("missing " + path);
      }
      return List.of();
    }
    if (!(value instanceof List)) {
      throw new WireFormatException(path + " must be a list, got " + JsonLinesParser.describe(value));
    }
    return (List<?>) value;
  }

  private static void checkFields(String prefix, Attrs object, Set<String> known)
      throws WireFormatException {
    for (int i = 0; i < object.size(); i++) {
      if (!known.contains(object.keyAt(i))) {
        throw new WireFormatException("unknown field '" + prefix + object.keyAt(i) + "'");
      }
    }
  }
}
