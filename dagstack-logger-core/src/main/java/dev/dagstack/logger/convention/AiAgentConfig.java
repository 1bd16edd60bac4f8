package dev.dagstack.logger.convention;

/**
 * The AI-agent pack's settings (spec §5.5, CONTRACT §11), part of a {@link ConventionsConfig}.
 * Disabled unless built with {@link Builder#enabled(boolean) enabled(true)}. While enabled, the
 * pack's namespaces ({@link AiAgentEvents#RESERVED_DOMAINS}) are reserved, its {@code ai_agent}
 * event schemas apply ({@link AiAgentEvents}), and body privacy runs on every record before any
 * sink sees it: attributes whose key ends in {@code .content}, {@code .markdown}, {@code .code},
 * {@code .table_json} or {@code .html} are
 * <ul>
 *   <li>hashed when {@link #hashBodies()} (default {@code true}): {@code <key>.hash} is the first
 *       8 bytes (16 lowercase hex chars) of SHA-256 over the salt's then the value's UTF-8
 *       bytes;</li>
 *   <li>replaced by {@code ""} unless bodies are captured ({@link #captureBodies()}, default
 *       {@code false}; or one scope's {@code LoggingScope.Builder#captureBodies()}; or the
 *       process-wide switch {@code DAGSTACK_DEBUG_AI=true});</li>
 *   <li>when captured, cut to {@link #maxBodyBytes()} (default 4096) UTF-8 bytes on a
 *       character boundary, adding {@code <key>_truncated: true} and
 *       {@code <key>_original_bytes: N}.</li>
 * </ul>
 * Immutable; {@link #toString()} never shows the salt.
 */
public final class AiAgentConfig {

  /** The default {@code max_body_bytes}. */
  public static final int DEFAULT_MAX_BODY_BYTES = 4096;
  /** The environment variable of the process-wide capture switch (value {@code true}). */
  public static final String DEBUG_ENVIRONMENT_VARIABLE = "DAGSTACK_DEBUG_AI";

  private static final AiAgentConfig DISABLED = new Builder().build();

  private final boolean enabled;
  private final int maxBodyBytes;
  private final boolean captureBodies;
  private final boolean hashBodies;
  private final String bodyHashSalt;

  private AiAgentConfig(Builder b) {
    this.enabled = b.enabled;
    this.maxBodyBytes = b.maxBodyBytes;
    this.captureBodies = b.captureBodies;
    this.hashBodies = b.hashBodies;
    this.bodyHashSalt = b.bodyHashSalt;
  }

  /** The pack off (the default). */
  public static AiAgentConfig disabled() {
    return DISABLED;
  }

  /** A builder with the contract's defaults; call {@code enabled(true)} to turn the pack on. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether the pack is on. */
  public boolean enabled() {
    return enabled;
  }

  /** Captured bodies longer than this many UTF-8 bytes are cut. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Whether bodies are kept process-wide (not counting scopes and {@code DAGSTACK_DEBUG_AI}). */
  public boolean captureBodies() {
    return captureBodies;
  }

  /** Whether {@code <key>.hash} is added. */
  public boolean hashBodies() {
    return hashBodies;
  }

  /** The salt of body hashes, or {@code null}; never logged. */
  public String bodyHashSalt() {
    return bodyHashSalt;
  }

  @Override
  public String toString() {
    return "AiAgentConfig{enabled=" + enabled + ", maxBodyBytes=" + maxBodyBytes
        + ", captureBodies=" + captureBodies + ", hashBodies=" + hashBodies
        + ", bodyHashSalt=" + (bodyHashSalt == null ? "none" : "(set)") + "}";
  }

  /** Builds an {@link AiAgentConfig}. */
  public static final class Builder {
    private boolean enabled;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private boolean captureBodies;
    private boolean hashBodies = true;
    private String bodyHashSalt;

    private Builder() {}

    /** Turns the pack on. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * The most UTF-8 bytes a captured body keeps.
     *
     * @throws IllegalArgumentException when less than 1
     */
    public Builder maxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("ai_agent.max_body_bytes must be at least 1, got "
            + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** Keeps bodies in every record (local debugging only; prefer a scope). */
    public Builder captureBodies(boolean captureBodies) {
      this.captureBodies = captureBodies;
      return this;
    }

    /** Adds {@code <key>.hash} (default {@code true}). */
    public Builder hashBodies(boolean hashBodies) {
      this.hashBodies = hashBodies;
      return this;
    }

    /** Salts body hashes; {@code null} or empty for none. */
    public Builder bodyHashSalt(String salt) {
      this.bodyHashSalt = salt == null || salt.isEmpty() ? null : salt;
      return this;
    }

    /** The settings. */
    public AiAgentConfig build() {
      return new AiAgentConfig(this);
    }
  }
}
