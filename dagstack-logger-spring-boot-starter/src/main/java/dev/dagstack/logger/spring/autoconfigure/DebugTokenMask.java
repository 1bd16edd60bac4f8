package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.processor.LogRecordProcessor;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keeps the debug token ({@code dagstack.logger.web.debug.token}) out of every sink, wherever a
 * framework or the application put it: each occurrence of the token's value in the body, in
 * attribute values and keys (nested maps and lists included) becomes {@code ***} (an attribute
 * whose key held it gets {@code ***} as its whole value: the renamed key would escape the
 * key-suffix redaction that runs after this processor), and an attribute whose key ends in the
 * debug header's name (case-insensitive, {@code -} or
 * {@code _}: {@code http.request.header.x-dagstack-debug}) gets {@code ***} as its whole value.
 * This covers Spring's request-detail logging ({@code spring.mvc.log-request-details} at TRACE),
 * Tomcat's and Reactor Netty's DEBUG/TRACE lines that quote request headers, and MDC values
 * bridged from Logback. The last processor of the chain, so what the others add is masked too;
 * {@link #mustNotBypass()}: a record it cannot mask is dropped, never written as it is. Its
 * {@code toString} never shows the token.
 */
final class DebugTokenMask implements LogRecordProcessor {

  static final String MASK = "***";

  private final String token;
  private final String headerDash;
  private final String headerUnderscore;

  private DebugTokenMask(String token, String header) {
    this.token = token;
    String lower = header.strip().toLowerCase(Locale.ROOT);
    this.headerDash = lower.replace('_', '-');
    this.headerUnderscore = lower.replace('-', '_');
  }

  /** {@code processors} with the mask last, when {@code debug} has a token; else as they are. */
  static List<LogRecordProcessor> appendTo(List<LogRecordProcessor> processors,
      DagstackLoggerProperties.Debug debug) {
    String token = debug.getToken();
    if (token == null || token.isBlank() || debug.getHeader() == null) {
      return processors;
    }
    List<LogRecordProcessor> all = new ArrayList<>(processors);
    all.add(new DebugTokenMask(token, debug.getHeader()));
    return all;
  }

  @Override
  public String name() {
    return "debug_token_mask";
  }

  @Override
  public boolean mustNotBypass() {
    return true;
  }

  @Override
  public LogRecord onEmit(LogRecord record) {
    Object body = record.body();
    Object maskedBody = maskValue(body, 0);
    Attrs attributes = record.attributes();
    Attrs maskedAttributes = maskMap(attributes, 0);
    // The same record when nothing was masked (the with-methods copy only on a change).
    return record.withBody(maskedBody).withAttributes(maskedAttributes);
  }

  private Object maskValue(Object value, int depth) {
    if (value instanceof String text) {
      return mask(text);
    }
    if (!(value instanceof Attrs) && !(value instanceof List)) {
      return value;
    }
    if (depth > Values.MAX_DEPTH) {
      return Values.DEPTH_EXCEEDED; // deeper than any converted value: cut, never let it through
    }
    if (value instanceof Attrs map) {
      return maskMap(map, depth);
    }
    List<?> list = (List<?>) value;
    List<Object> copy = null;
    for (int i = 0; i < list.size(); i++) {
      Object element = list.get(i);
      Object masked = maskValue(element, depth + 1);
      if (masked != element && copy == null) {
        copy = new ArrayList<>(list.subList(0, i));
      }
      if (copy != null) {
        copy.add(masked);
      }
    }
    return copy == null ? list : Values.canonical(copy);
  }

  private Attrs maskMap(Attrs map, int depth) {
    Attrs.Builder builder = null;
    for (int i = 0; i < map.size(); i++) {
      String key = map.keyAt(i);
      Object value = map.valueAt(i);
      String maskedKey = mask(key);
      // A key holding the token is renamed, so the key-suffix redaction after this processor no
      // longer sees its real name (card_token with token "t" would become card_***en): its value
      // is masked whole here, failing closed.
      Object masked = namesTheHeader(key) || maskedKey != key ? MASK : maskValue(value, depth + 1);
      if (builder == null && (maskedKey != key || masked != value)) {
        builder = Attrs.builder(map.size());
        for (int j = 0; j < i; j++) {
          builder.put(map.keyAt(j), map.valueAt(j));
        }
      }
      if (builder != null) {
        builder.put(maskedKey, masked);
      }
    }
    return builder == null ? map : builder.build();
  }

  private boolean namesTheHeader(String key) {
    int from = key.length() - headerDash.length();
    return from >= 0 && (key.regionMatches(true, from, headerDash, 0, headerDash.length())
        || key.regionMatches(true, from, headerUnderscore, 0, headerUnderscore.length()));
  }

  /** {@code text} with the token masked; the same instance when it does not hold it. */
  private String mask(String text) {
    return text.length() < token.length() || !text.contains(token) ? text
        : text.replace(token, MASK);
  }

  @Override
  public String toString() {
    return "DebugTokenMask{header=" + headerDash + "}";
  }
}
