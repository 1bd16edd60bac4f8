package dev.dagstack.logger.record;

/**
 * Converts objects that the built-in value model does not know (see {@link Values}) into
 * something it does: a {@code String}, number, {@code Boolean}, {@code Map}, {@code Collection}
 * or array. The Spring Boot starter installs one that goes through Jackson.
 *
 * <p>Implementations must be thread-safe. They may throw; the value is then written with
 * {@code String.valueOf} and the problem reported on the diagnostic channel.
 */
@FunctionalInterface
public interface ValueConverter {

  /**
   * Converts {@code value}, or returns {@code null} when this converter does not handle its type
   * (the default conversion, {@code String.valueOf}, then applies).
   */
  Object convert(Object value);
}
