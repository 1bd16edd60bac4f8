package dev.dagstack.logger.wire;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.HexIds;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Resource;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.record.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Strict parser of dagstack JSON lines (spec §14.1): {@code encode(parse(line))} gives back the
 * same bytes for every canonical line. Rejects, with a message naming the field: invalid JSON,
 * {@code severity_number} outside 1..24, a {@code severity_text} that does not match the
 * number's bucket, a missing {@code instrumentation_scope}, a {@code trace_id} or
 * {@code span_id} that is not lowercase hex of the right length, a non-integer timestamp, and a
 * number outside double range; also duplicate keys, unknown top-level fields and integers outside
 * int64. Structured values come back canonical (see {@code Values}). Thread-safe.
 */
public final class JsonLinesParser {

  private static final int TIME = 1;
  private static final int OBSERVED = 1 << 1;
  private static final int SEVERITY_NUMBER = 1 << 2;
  private static final int SEVERITY_TEXT = 1 << 3;
  private static final int BODY = 1 << 4;
  private static final int ATTRIBUTES = 1 << 5;
  private static final int RESOURCE = 1 << 6;
  private static final int SCOPE = 1 << 7;
  private static final int TRACE_ID = 1 << 8;
  private static final int SPAN_ID = 1 << 9;
  private static final int TRACE_FLAGS = 1 << 10;

  private JsonLinesParser() {}

  /**
   * Parses one line (without its line feed). Whitespace around JSON tokens is allowed, as in any
   * JSON; {@code null} for an optional field means absent.
   *
   * @throws WireFormatException naming what is wrong
   */
  public static LogRecord parse(String line) throws WireFormatException {
    if (line == null) {
      throw new WireFormatException("invalid JSON: no line");
    }
    return new Reader(line, CanonicalJsonWriter.MAX_DEPTH).record();
  }

  /**
   * Reads one line as a plain JSON document for the other wire parsers: objects as {@link Attrs}
   * (keys in document order, duplicates rejected), lists, strings, {@code Long} for integers
   * within int64, {@code Double} for other numbers, booleans and {@code null}.
   *
   * @throws WireFormatException for invalid JSON, naming the column and the path
   */
  static Object readJson(String line) throws WireFormatException {
    if (line == null) {
      throw new WireFormatException("invalid JSON: no line");
    }
    return new Reader(line, OTEL_JSON_DEPTH).document();
  }

  /**
   * The JSON nesting an OTel JSON line of values nested {@link OtelJsonEncoder#MAX_DEPTH} deep
   * reaches: four JSON levels per map level ({@code {"kvlistValue":{"values":[{"value":}), below
   * an envelope of nine ({@code resourceLogs}, {@code scopeLogs}, {@code logRecords},
   * {@code attributes}).
   */
  static final int OTEL_JSON_DEPTH = 4 * (OtelJsonEncoder.MAX_DEPTH + 1) + 16;

  /** A recursive-descent reader of one line. */
  /** A short description of a parsed value for error messages ("'abc…'", "a list", ...). */
  static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      String s = (String) value;
      return "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
    }
    if (value instanceof Attrs) {
      return "an object";
    }
    if (value instanceof List) {
      return "a list";
    }
    return String.valueOf(value);
  }

  private static final class Reader {
    private final String text;
    private final int length;
    private int pos;
    /** Keys and indexes from the top-level field down to the value being read, for messages. */
    private final ArrayList<Object> path = new ArrayList<>();

    /** How deep JSON values may nest; deeper is an error rather than a stack overflow. */
    private final int maxDepth;

    Reader(String text, int maxDepth) {
      this.text = text;
      this.length = text.length();
      this.maxDepth = maxDepth;
    }

    Object document() throws WireFormatException {
      skipWhitespace();
      if (pos >= length) {
        throw syntax("empty line, expected a JSON object");
      }
      Object value = readValue(0);
      skipWhitespace();
      if (pos < length) {
        throw syntax("unexpected data after the record");
      }
      return value;
    }

    LogRecord record() throws WireFormatException {
      skipWhitespace();
      if (pos >= length) {
        throw syntax("empty line, expected a JSON object");
      }
      if (text.charAt(pos) != '{') {
        throw syntax("expected a JSON object");
      }
      pos++;
      int seen = 0;
      long time = 0;
      Long observed = null;
      long severityNumber = 0;
      String severityText = null;
      Object body = null;
      Attrs attributes = Attrs.empty();
      Attrs resource = Attrs.empty();
      InstrumentationScope scope = null;
      String traceId = null;
      String spanId = null;
      long traceFlags = 0;
      skipWhitespace();
      if (peek() == '}') {
        pos++;
      } else {
        while (true) {
          skipWhitespace();
          String key = readKey();
          int field = fieldBit(key);
          if (field == 0) {
            throw new WireFormatException("unknown field '" + key + "'");
          }
          if ((seen & field) != 0) {
            throw new WireFormatException("duplicate field '" + key + "'");
          }
          seen |= field;
          path.add(key);
          Object value = readValue(0);
          switch (field) {
            case TIME:
              time = timestamp(key, value);
              break;
            case OBSERVED:
              observed = value == null ? null : timestamp(key, value);
              break;
            case SEVERITY_NUMBER:
              severityNumber = integer(key, value);
              if (!Severity.isValid((int) severityNumber) || severityNumber != (int) severityNumber) {
                throw new WireFormatException(
                    "severity_number " + severityNumber + " is outside 1..24");
              }
              break;
            case SEVERITY_TEXT:
              if (!(value instanceof String)) {
                throw new WireFormatException("severity_text must be a string, got " + describe(value));
              }
              severityText = (String) value;
              break;
            case BODY:
              body = value;
              break;
            case ATTRIBUTES:
              attributes = object(key, value);
              break;
            case RESOURCE:
              resource = resourceAttributes(value);
              break;
            case SCOPE:
              scope = scope(value);
              break;
            case TRACE_ID:
              traceId = hexId(key, value, 32);
              break;
            case SPAN_ID:
              spanId = hexId(key, value, 16);
              break;
            default:
              traceFlags = integer(key, value);
              if (traceFlags < 0 || traceFlags > 255) {
                throw new WireFormatException("trace_flags " + traceFlags + " is outside 0..255");
              }
          }
          path.clear();
          skipWhitespace();
          char c = next("',' or '}'");
          if (c == '}') {
            break;
          }
          if (c != ',') {
            pos--;
            throw syntax("expected ',' or '}' after field '" + key + "'");
          }
        }
      }
      skipWhitespace();
      if (pos < length) {
        throw syntax("unexpected data after the record");
      }
      requirePresent(seen, TIME, "time_unix_nano");
      requirePresent(seen, SEVERITY_NUMBER, "severity_number");
      requirePresent(seen, SEVERITY_TEXT, "severity_text");
      requirePresent(seen, BODY, "body");
      requirePresent(seen, SCOPE, "instrumentation_scope");
      String expected = Severity.text((int) severityNumber);
      if (!expected.equals(severityText)) {
        throw new WireFormatException("severity_text '" + severityText
            + "' does not match severity_number " + severityNumber + " (expected '" + expected + "')");
      }
      return new LogRecord(time, observed, (int) severityNumber, body, attributes,
          Resource.of(resource), scope, traceId, spanId, (int) traceFlags);
    }

    private static int fieldBit(String key) {
      switch (key) {
        case "time_unix_nano":
          return TIME;
        case "observed_time_unix_nano":
          return OBSERVED;
        case "severity_number":
          return SEVERITY_NUMBER;
        case "severity_text":
          return SEVERITY_TEXT;
        case "body":
          return BODY;
        case "attributes":
          return ATTRIBUTES;
        case "resource":
          return RESOURCE;
        case "instrumentation_scope":
          return SCOPE;
        case "trace_id":
          return TRACE_ID;
        case "span_id":
          return SPAN_ID;
        case "trace_flags":
          return TRACE_FLAGS;
        default:
          return 0;
      }
    }

    private static void requirePresent(int seen, int field, String name) throws WireFormatException {
      if ((seen & field) == 0) {
        throw new WireFormatException("missing " + name);
      }
    }

    private static long integer(String field, Object value) throws WireFormatException {
      if (!(value instanceof Long)) {
        throw new WireFormatException(field + " must be an integer, got " + describe(value));
      }
      return (Long) value;
    }

    /** Nanoseconds since the Unix epoch: an integer, never negative (OTel's fixed64). */
    private static long timestamp(String field, Object value) throws WireFormatException {
      long nanos = integer(field, value);
      if (nanos < 0) {
        throw new WireFormatException(field + " must be a non-negative integer, got " + nanos);
      }
      return nanos;
    }

    private static Attrs object(String field, Object value) throws WireFormatException {
      if (!(value instanceof Attrs)) {
        throw new WireFormatException(field + " must be an object, got " + describe(value));
      }
      return (Attrs) value;
    }

    private static String hexId(String field, Object value, int hexLength)
        throws WireFormatException {
      if (value == null) {
        return null;
      }
      if (!(value instanceof String) || !HexIds.isValid((String) value, hexLength)) {
        throw new WireFormatException(field + " must be " + hexLength
            + " lowercase hex characters, not all zeros; got " + describe(value));
      }
      return (String) value;
    }

    private static Attrs resourceAttributes(Object value) throws WireFormatException {
      Attrs resource = object("resource", value);
      for (int i = 0; i < resource.size(); i++) {
        if (!resource.keyAt(i).equals("attributes")) {
          throw new WireFormatException("unknown field 'resource." + resource.keyAt(i) + "'");
        }
      }
      Object attributes = resource.get("attributes");
      return attributes == null ? Attrs.empty() : object("resource.attributes", attributes);
    }

    private static InstrumentationScope scope(Object value) throws WireFormatException {
      Attrs scope = object("instrumentation_scope", value);
      for (int i = 0; i < scope.size(); i++) {
        String key = scope.keyAt(i);
        if (!key.equals("name") && !key.equals("version") && !key.equals("attributes")) {
          throw new WireFormatException("unknown field 'instrumentation_scope." + key + "'");
        }
      }
      Object name = scope.get("name");
      if (!(name instanceof String)) {
        throw new WireFormatException(name == null ? "missing instrumentation_scope.name"
            : "instrumentation_scope.name must be a string, got " + describe(name));
      }
      Object version = scope.get("version");
      if (version != null && !(version instanceof String)) {
        throw new WireFormatException(
            "instrumentation_scope.version must be a string, got " + describe(version));
      }
      Object attributes = scope.get("attributes");
      return new InstrumentationScope((String) name, (String) version,
          attributes == null ? Attrs.empty() : object("instrumentation_scope.attributes", attributes));
    }


    private Object readValue(int depth) throws WireFormatException {
      skipWhitespace();
      char c = next("a value");
      switch (c) {
        case '{':
          return readObject(depth + 1);
        case '[':
          return readList(depth + 1);
        case '"':
          return readString();
        case 't':
          expectWord("rue");
          return Boolean.TRUE;
        case 'f':
          expectWord("alse");
          return Boolean.FALSE;
        case 'n':
          expectWord("ull");
          return null;
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            pos--;
            return readNumber();
          }
          pos--;
          throw syntax("unexpected character " + quoteChar(c));
      }
    }

    private Attrs readObject(int depth) throws WireFormatException {
      checkDepth(depth);
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return Attrs.empty();
      }
      ArrayList<String> keys = new ArrayList<>();
      ArrayList<Object> values = new ArrayList<>();
      HashSet<String> seen = null;
      while (true) {
        skipWhitespace();
        String key = readKey();
        boolean duplicate;
        if (seen != null) {
          duplicate = !seen.add(key);
        } else {
          duplicate = keys.contains(key);
          if (keys.size() >= 8) {
            seen = new HashSet<>(keys);
            seen.add(key);
          }
        }
        if (duplicate) {
          throw new WireFormatException("duplicate key '" + key + "' in " + pathText());
        }
        path.add(key);
        keys.add(key);
        values.add(readValue(depth));
        path.remove(path.size() - 1);
        skipWhitespace();
        char c = next("',' or '}'");
        if (c == '}') {
          break;
        }
        if (c != ',') {
          pos--;
          throw syntax("expected ',' or '}' in an object");
        }
      }
      Attrs.Builder builder = Attrs.builder();
      for (int i = 0; i < keys.size(); i++) {
        builder.put(keys.get(i), values.get(i));
      }
      return builder.build();
    }

    private List<Object> readList(int depth) throws WireFormatException {
      checkDepth(depth);
      ArrayList<Object> list = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        pos++;
      } else {
        while (true) {
          path.add(list.size());
          list.add(readValue(depth));
          path.remove(path.size() - 1);
          skipWhitespace();
          char c = next("',' or ']'");
          if (c == ']') {
            break;
          }
          if (c != ',') {
            pos--;
            throw syntax("expected ',' or ']' in a list");
          }
        }
      }
      // Parsed elements are canonical already: kept whole, without the limits (element budget,
      // diagnostics) meant for converting application objects.
      return Values.canonicalList(list);
    }

    private void checkDepth(int depth) throws WireFormatException {
      if (depth > maxDepth) {
        throw syntax("values nested deeper than " + maxDepth + " levels");
      }
    }

    private String readKey() throws WireFormatException {
      if (peek() != '"') {
        throw syntax("expected a string key");
      }
      pos++;
      String key = readString();
      skipWhitespace();
      if (peek() != ':') {
        throw syntax("expected ':' after key '" + key + "'");
      }
      pos++;
      return key;
    }

    /** A string whose opening quote has been read. */
    private String readString() throws WireFormatException {
      int start = pos;
      while (pos < length) {
        char c = text.charAt(pos);
        if (c == '"') {
          return text.substring(start, pos++);
        }
        if (c == '\\' || c < 0x20) {
          break;
        }
        pos++;
      }
      StringBuilder sb = new StringBuilder(pos - start + 16).append(text, start, pos);
      while (pos < length) {
        char c = text.charAt(pos++);
        if (c == '"') {
          return sb.toString();
        }
        if (c < 0x20) {
          pos--;
          throw syntax("control character " + quoteChar(c) + " must be escaped in a string");
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = next("an escape");
        switch (e) {
          case '"':
          case '\\':
          case '/':
            sb.append(e);
            break;
          case 'b':
            sb.append('\b');
            break;
          case 'f':
            sb.append('\f');
            break;
          case 'n':
            sb.append('\n');
            break;
          case 'r':
            sb.append('\r');
            break;
          case 't':
            sb.append('\t');
            break;
          case 'u':
            sb.append(readHex4());
            break;
          default:
            pos--;
            throw syntax("invalid escape \\" + e);
        }
      }
      throw syntax("unterminated string");
    }

    private char readHex4() throws WireFormatException {
      if (pos + 4 > length) {
        throw syntax("truncated \\u escape");
      }
      int value = 0;
      for (int i = 0; i < 4; i++) {
        int digit = Character.digit(text.charAt(pos), 16);
        if (digit < 0) {
          throw syntax("invalid hex digit in \\u escape");
        }
        value = value << 4 | digit;
        pos++;
      }
      return (char) value;
    }

    private Object readNumber() throws WireFormatException {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
      } else if (isDigit(peek())) {
        skipDigits();
      } else {
        throw syntax("invalid number");
      }
      boolean integral = true;
      if (peek() == '.') {
        integral = false;
        pos++;
        if (!isDigit(peek())) {
          throw syntax("invalid number: digits expected after '.'");
        }
        skipDigits();
      }
      if (peek() == 'e' || peek() == 'E') {
        integral = false;
        pos++;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        if (!isDigit(peek())) {
          throw syntax("invalid number: digits expected in the exponent");
        }
        skipDigits();
      }
      String number = text.substring(start, pos);
      if (integral) {
        try {
          return Long.parseLong(number);
        } catch (NumberFormatException e) {
          throw new WireFormatException("integer " + number + " in " + pathText() + " is outside int64");
        }
      }
      double value = Double.parseDouble(number);
      if (Double.isInfinite(value)) {
        throw new WireFormatException("number " + number + " in " + pathText() + " is outside double range");
      }
      return value;
    }

    private void skipDigits() {
      while (isDigit(peek())) {
        pos++;
      }
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private void expectWord(String rest) throws WireFormatException {
      if (!text.startsWith(rest, pos)) {
        pos--;
        throw syntax("invalid literal");
      }
      pos += rest.length();
    }

    private void skipWhitespace() {
      while (pos < length) {
        char c = text.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    /** The next character, or 0 at the end. */
    private char peek() {
      return pos < length ? text.charAt(pos) : 0;
    }

    private char next(String expected) throws WireFormatException {
      if (pos >= length) {
        throw syntax("unexpected end of line, expected " + expected);
      }
      return text.charAt(pos++);
    }

    private static String quoteChar(char c) {
      return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    /** Where the reader is, e.g. {@code attributes.user.ids[2]}. */
    private String pathText() {
      if (path.isEmpty()) {
        return "the record";
      }
      StringBuilder sb = new StringBuilder();
      for (Object part : path) {
        if (part instanceof Integer) {
          sb.append('[').append(part).append(']');
        } else {
          sb.append(sb.length() == 0 ? "" : ".").append(part);
        }
      }
      return sb.toString();
    }

    private WireFormatException syntax(String problem) {
      String where = path.isEmpty() ? "" : " (in " + pathText() + ")";
      return new WireFormatException("invalid JSON at column " + (pos + 1) + where + ": " + problem);
    }
  }
}
