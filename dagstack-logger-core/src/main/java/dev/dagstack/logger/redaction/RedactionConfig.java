package dev.dagstack.logger.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * Which attribute keys are secret (spec §10): a key ending, case-insensitively, in one of the
 * effective suffixes has its value replaced by {@code "***"} before any sink sees the record.
 *
 * @param extraSuffixes suffixes added to (or, with {@code replaceDefaults}, replacing) the base set
 * @param replaceDefaults whether {@code extraSuffixes} replaces {@link #DEFAULT_SECRET_SUFFIXES}
 */
public record RedactionConfig(List<String> extraSuffixes, boolean replaceDefaults) {

  /** The base set of secret key suffixes. */
  public static final List<String> DEFAULT_SECRET_SUFFIXES =
      List.of("_key", "_secret", "_token", "_password", "_passphrase", "_credentials");

  /**
   * Validates the suffixes.
   *
   * @throws IllegalArgumentException with one of the messages
   *     {@code redaction.extra_suffixes contains an empty string},
   *     {@code redaction.extra_suffixes contains whitespace},
   *     {@code redaction.extra_suffixes must be lowercase ASCII}
   */
  public RedactionConfig {
    if (extraSuffixes == null) {
      extraSuffixes = List.of();
    }
    for (String suffix : extraSuffixes) {
      if (suffix == null) {
        throw new IllegalArgumentException("redaction.extra_suffixes contains null");
      }
      validate(suffix);
    }
    extraSuffixes = List.copyOf(extraSuffixes);
  }

  private static void validate(String suffix) {
    if (suffix.isEmpty()) {
      throw new IllegalArgumentException("redaction.extra_suffixes contains an empty string");
    }
    for (int i = 0; i < suffix.length(); i++) {
      if (Character.isWhitespace(suffix.charAt(i)) || Character.isSpaceChar(suffix.charAt(i))) {
        throw new IllegalArgumentException(
            "redaction.extra_suffixes contains whitespace: '" + suffix + "'");
      }
    }
    for (int i = 0; i < suffix.length(); i++) {
      char c = suffix.charAt(i);
      if (c > 0x7f || (c >= 'A' && c <= 'Z')) {
        throw new IllegalArgumentException(
            "redaction.extra_suffixes must be lowercase ASCII, got '" + suffix + "'");
      }
    }
  }

  /** Additive extras on top of the base set. */
  public static RedactionConfig additive(List<String> extraSuffixes) {
    return new RedactionConfig(extraSuffixes, false);
  }

  /** Only {@code suffixes} mask; an empty list disables masking (and is warned about). */
  public static RedactionConfig replacing(List<String> suffixes) {
    return new RedactionConfig(suffixes, true);
  }

  /** The defaults: the base set, nothing extra. */
  public static RedactionConfig defaults() {
    return new RedactionConfig(List.of(), false);
  }

  /** The suffixes that mask: the base set plus the extras, or only the extras in replace mode. */
  public List<String> effectiveSuffixes() {
    if (replaceDefaults) {
      return extraSuffixes;
    }
    List<String> effective = new ArrayList<>(DEFAULT_SECRET_SUFFIXES);
    for (String suffix : extraSuffixes) {
      if (!effective.contains(suffix)) {
        effective.add(suffix);
      }
    }
    return List.copyOf(effective);
  }

  /** Whether nothing is masked at all (replace mode with no suffixes). */
  public boolean disablesMasking() {
    return replaceDefaults && extraSuffixes.isEmpty();
  }
}
