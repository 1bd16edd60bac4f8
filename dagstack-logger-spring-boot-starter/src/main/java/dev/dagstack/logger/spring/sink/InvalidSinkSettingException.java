package dev.dagstack.logger.spring.sink;

/**
 * Thrown by {@link SinkType#create} for a setting whose value the sink cannot use. Startup fails
 * with a report naming the full property ({@code dagstack.logger.sinks.<id>.<setting>}), the
 * value, what is accepted and where the value came from.
 */
public class InvalidSinkSettingException extends RuntimeException {

  private final String setting;
  private final transient Object value;
  private final String accepted;

  /**
   * @param setting the kebab-case setting name, e.g. {@code max-bytes}
   * @param value the value as bound, or {@code null} when it is missing
   * @param accepted what the setting accepts (and, where useful, why the value is not)
   */
  public InvalidSinkSettingException(String setting, Object value, String accepted) {
    super("Invalid value " + (value == null ? "(none)" : "'" + value + "'") + " for sink setting "
        + setting + ": " + accepted);
    this.setting = setting;
    this.value = value;
    this.accepted = accepted;
  }

  /** The kebab-case setting name. */
  public String setting() {
    return setting;
  }

  /** The value, or {@code null} when it is missing. */
  public Object value() {
    return value;
  }

  /** What the setting accepts. */
  public String accepted() {
    return accepted;
  }
}
