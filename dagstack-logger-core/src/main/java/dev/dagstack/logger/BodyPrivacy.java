package dev.dagstack.logger;

import dev.dagstack.logger.convention.AiAgentConfig;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Values;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The AI-agent pack's body privacy (spec §5.5, CONTRACT §11; settings in {@link AiAgentConfig}),
 * run on the emit path right after redaction, after the processor chain, before any sink sees
 * the record. Applies to the
 * record's top-level attributes whose key ends in {@code .content}, {@code .markdown},
 * {@code .code}, {@code .table_json} or {@code .html}: a value that is not a string counts as
 * its {@code String.valueOf}. Returns the very same map when no key is a body. Immutable and
 * thread-safe.
 */
final class BodyPrivacy {

  /** The pack is off: nothing is changed. */
  public static final BodyPrivacy NONE = new BodyPrivacy(null, false);

  private static final String[] BODY_SUFFIXES =
      {".content", ".markdown", ".code", ".table_json", ".html"};
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final AiAgentConfig config;
  private final boolean debugSwitch;
  private final byte[] salt;

  private BodyPrivacy(AiAgentConfig config, boolean debugSwitch) {
    this.config = config;
    this.debugSwitch = debugSwitch;
    this.salt = config == null || config.bodyHashSalt() == null ? new byte[0]
        : config.bodyHashSalt().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The privacy of {@code config}; {@code debugEnvironmentValue} is the value of
   * {@code DAGSTACK_DEBUG_AI} ({@code "true"}, any case, captures bodies process-wide).
   */
  public static BodyPrivacy of(AiAgentConfig config, String debugEnvironmentValue) {
    if (config == null || !config.enabled()) {
      return NONE;
    }
    return new BodyPrivacy(config, "true".equalsIgnoreCase(
        debugEnvironmentValue == null ? null : debugEnvironmentValue.trim()));
  }

  /** Whether {@code DAGSTACK_DEBUG_AI=true} captures bodies in this process. */
  public boolean debugSwitch() {
    return debugSwitch;
  }

  /**
   * Tells the diagnostic channel when bodies are kept process-wide ({@code DAGSTACK_DEBUG_AI}
   * or {@code capture_bodies}): prompts and answers then reach the sinks.
   */
  public void reportSwitches() {
    if (config != null && (debugSwitch || config.captureBodies())) {
      Diagnostics.warn("AI-agent bodies are captured process-wide ("
          + (debugSwitch ? AiAgentConfig.DEBUG_ENVIRONMENT_VARIABLE + "=true"
              : "capture_bodies=true") + "): prompts and completions reach the sinks, cut at "
          + config.maxBodyBytes() + " bytes", Attrs.of("ai_agent.capture_bodies", true,
              "ai_agent.debug_switch", debugSwitch));
    }
  }

  /** Whether {@code value} is a map or list; the scalars (nearly every value) are ruled out first. */
  private static boolean isContainer(Object value) {
    return !Values.isScalar(value) && (value instanceof Map || value instanceof List);
  }

  /** Whether {@code key} names a body. */
  public static boolean isBody(String key) {
    for (String suffix : BODY_SUFFIXES) {
      if (key.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code attributes} with their bodies hashed, cut or emptied; {@code scopeCaptures} is whether
   * the current scope captures bodies.
   */
  public Attrs apply(Attrs attributes, boolean scopeCaptures) {
    if (config == null) {
      return attributes;
    }
    int size = attributes.size();
    int first = -1;
    for (int i = 0; i < size; i++) {
      Object value = attributes.valueAt(i);
      // Bodies may also sit below a map or list ({"gen_ai": {"prompt": {"0": {"content": ..}}}}).
      if (isBody(attributes.keyAt(i)) || isContainer(value)) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return attributes;
    }
    boolean capture = scopeCaptures || debugSwitch || config.captureBodies();
    Attrs.Builder out = Attrs.builder(size + 4);
    for (int i = 0; i < size; i++) {
      String key = attributes.keyAt(i);
      Object value = attributes.valueAt(i);
      if (i < first) {
        out.put(key, value);
      } else if (isBody(key)) {
        body(key, value, capture, out::put);
      } else {
        out.put(key, nested(key, value, capture));
      }
    }
    return out.build();
  }

  /**
   * A map or list value with every body below it (by its dotted path, or its own key) processed
   * like a top-level one; other values unchanged. Depth is bounded by the value limits upstream.
   */
  private Object nested(String path, Object value, boolean capture) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        String full = path + "." + key;
        if (isBody(full) || isBody(key)) {
          body(key, e.getValue(), capture, out::put);
        } else {
          out.put(key, nested(full, e.getValue(), capture));
        }
      }
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(nested(path + "." + i, list.get(i), capture));
      }
      return Collections.unmodifiableList(out);
    }
    return value;
  }

  /** Writes the body {@code key} (emptied, or cut) and its companions through {@code put}. */
  private void body(String key, Object value, boolean capture, BiConsumer<String, Object> put) {
    String text = value instanceof String ? (String) value : String.valueOf(value);
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (!capture) {
      put.accept(key, "");
    } else if (utf8.length > config.maxBodyBytes()) {
      put.accept(key, cut(utf8, config.maxBodyBytes()));
      put.accept(key + "_truncated", true);
      put.accept(key + "_original_bytes", (long) utf8.length);
    } else {
      put.accept(key, value);
    }
    if (config.hashBodies()) {
      put.accept(key + ".hash", hash(utf8));
    }
  }

  /** The longest prefix of at most {@code max} bytes that ends on a character boundary. */
  static String cut(byte[] utf8, int max) {
    int end = max;
    // A continuation byte (10xxxxxx) at the cut means a character straddles it.
    while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(utf8, 0, end, StandardCharsets.UTF_8);
  }

  /** The first 8 bytes of SHA-256(salt || value), as 16 lowercase hex chars. */
  String hash(byte[] utf8) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
    sha256.update(salt);
    byte[] digest = sha256.digest(utf8);
    char[] hex = new char[16];
    for (int i = 0; i < 8; i++) {
      hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
      hex[2 * i + 1] = HEX[digest[i] & 0xF];
    }
    return new String(hex);
  }
}
