package dev.dagstack.logger.spring.autoconfigure;

/**
 * A {@link LoggerConfigurationCustomizer} threw, or left a configuration the core rejects; names
 * the bean (or says that the customizers together left it invalid). Reported at startup by
 * {@link DagstackLoggerFailureAnalyzer}.
 */
final class LoggerConfigurationCustomizerException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final String beanName;

  /**
   * @param beanName the customizer bean that failed, or {@code null} when all ran and the result
   *     was invalid
   * @param type its class name, or {@code null}
   */
  LoggerConfigurationCustomizerException(String beanName, String type, RuntimeException cause) {
    super("dagstack logger: " + (beanName != null
        ? "the LoggerConfigurationCustomizer bean '" + beanName + "' (" + type + ") failed"
        : "the configuration the LoggerConfigurationCustomizer beans left is invalid")
        + ": " + cause.getMessage(), cause);
    this.beanName = beanName;
  }

  /** The customizer bean that failed, or {@code null}. */
  String beanName() {
    return beanName;
  }
}
