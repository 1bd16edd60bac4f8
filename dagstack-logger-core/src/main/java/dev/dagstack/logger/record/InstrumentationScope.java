package dev.dagstack.logger.record;


/**
 * The logger that emitted a record: its name, optional version and optional attributes.
 * The root logger's scope name is {@code "root"}.
 *
 * @param name the logger name, never {@code null}
 * @param version the version given to {@code Logger.get(name, version)}, or {@code null}
 * @param attributes scope attributes, never {@code null}
 */
public record InstrumentationScope(String name, String version, Attrs attributes) {

  /** The name of the root logger's scope. */
  public static final String ROOT_NAME = "root";

  /** The root logger's scope. */
  public static final InstrumentationScope ROOT = new InstrumentationScope(ROOT_NAME, null, null);

  /** Checks the name and replaces {@code null} attributes with none. */
  public InstrumentationScope {
    if (name == null) {
      throw new IllegalArgumentException("instrumentation scope name must not be null");
    }
    if (attributes == null) {
      attributes = Attrs.empty();
    }
  }

  /** A scope with a name and optional version. */
  public static InstrumentationScope of(String name, String version) {
    return new InstrumentationScope(name, version, Attrs.empty());
  }
}
