package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.convention.AiAgentConfig;

/**
 * {@code dagstack.logger.ai-agent.*}: the AI-agent pack (spec §5.5). Off by default; when on,
 * Spring AI's observations become {@code ai_agent.*} events and every record's bodies
 * ({@code *.content}, {@code *.markdown}, {@code *.code}, {@code *.table_json}, {@code *.html})
 * are hashed, emptied or cut before any sink sees them.
 */
public class DagstackAiAgentProperties {

  /** Whether the AI-agent pack is on: its event schemas, reserved namespaces and body privacy. */
  private boolean enabled;

  /** Captured bodies longer than this many UTF-8 bytes are cut (with <key>_truncated). */
  private int maxBodyBytes = AiAgentConfig.DEFAULT_MAX_BODY_BYTES;

  /**
   * Whether bodies (prompts, completions, tool arguments) are kept in every record. Leave off in
   * production: a debug request (dagstack.logger.web.debug) captures them for itself only.
   */
  private boolean captureBodies;

  /** Whether <key>.hash (16 hex chars of SHA-256) is added for each body. */
  private boolean hashBodies = true;

  /**
   * The salt of body hashes; set it from the environment (DAGSTACK_LOGGER_AIAGENT_BODYHASHSALT).
   * Never logged.
   */
  private String bodyHashSalt;

  /** Whether an accepted debug request (dagstack.logger.web.debug) also captures its bodies. */
  private boolean debugCaptureBodies = true;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getMaxBodyBytes() {
    return maxBodyBytes;
  }

  public void setMaxBodyBytes(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  public boolean isCaptureBodies() {
    return captureBodies;
  }

  public void setCaptureBodies(boolean captureBodies) {
    this.captureBodies = captureBodies;
  }

  public boolean isHashBodies() {
    return hashBodies;
  }

  public void setHashBodies(boolean hashBodies) {
    this.hashBodies = hashBodies;
  }

  public String getBodyHashSalt() {
    return bodyHashSalt;
  }

  public void setBodyHashSalt(String bodyHashSalt) {
    this.bodyHashSalt = bodyHashSalt;
  }

  public boolean isDebugCaptureBodies() {
    return debugCaptureBodies;
  }

  public void setDebugCaptureBodies(boolean debugCaptureBodies) {
    this.debugCaptureBodies = debugCaptureBodies;
  }

  @Override
  public String toString() {
    return "DagstackAiAgentProperties{enabled=" + enabled + ", maxBodyBytes=" + maxBodyBytes
        + ", captureBodies=" + captureBodies + ", hashBodies=" + hashBodies + ", bodyHashSalt="
        + (bodyHashSalt == null ? "none" : "(set)") + ", debugCaptureBodies="
        + debugCaptureBodies + "}";
  }

  /**
   * The core settings.
   *
   * @throws InvalidDagstackLoggerPropertyException for a max-body-bytes below 1
   */
  AiAgentConfig toConfig() {
    AiAgentConfig.Builder builder = AiAgentConfig.builder().enabled(enabled)
        .captureBodies(captureBodies).hashBodies(hashBodies).bodyHashSalt(bodyHashSalt);
    try {
      builder.maxBodyBytes(maxBodyBytes);
    } catch (IllegalArgumentException e) {
      throw new InvalidDagstackLoggerPropertyException(
          DagstackLoggerProperties.PREFIX + ".ai-agent.max-body-bytes",
          String.valueOf(maxBodyBytes), "a number of bytes of at least 1");
    }
    return builder.build();
  }
}
