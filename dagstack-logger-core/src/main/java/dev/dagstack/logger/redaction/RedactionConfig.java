package dev.dagstack.logger.redaction;

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
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** The defaults: the base set, nothing extra. */
  public static RedactionConfig defaults() {
    return new RedactionConfig(List.of(), false);
  }

  /** The suffixes that mask: the base set plus the extras, or only the extras in replace mode. */
  public List<String> effectiveSuffixes() {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
