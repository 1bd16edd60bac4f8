package dev.dagstack.logger.spring.sink;

import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.spring.autoconfigure.SinkFactory;
import java.util.Map;

/**
 * Builds a sink of one {@link SinkType} from a map of settings, through the same binding and
 * checks as {@code dagstack.logger.sinks.<id>} at startup, so that a sink type can be tested on
 * its own (as Dagster's {@code build_init_logger_context} does for a logger definition):
 *
 * <pre>{@code
 * Sink sink = TestSinks.build(new AuditSinkType(), "audit", Map.of("prefix", "AUDIT", "min-severity", "warn"));
 * }</pre>
 */
public final class TestSinks {

  private TestSinks() {}

  /**
   * @param settings kebab-case setting names to values as they would be written in a properties
   *     file ({@code "max-bytes" -> "1KB"})
   * @throws IllegalArgumentException naming the property ({@code dagstack.logger.sinks.<id>.<setting>}),
   *     the value and what is accepted, for an unknown setting or an unusable value
   */
  public static Sink build(SinkType<?> type, String id, Map<String, ?> settings) {
    return SinkFactory.build(type, id, settings);
  }

  /**
   * As {@link #build(SinkType, String, Map)}, for a built-in type ({@code console}, {@code file},
   * {@code in-memory}) or a {@link java.util.ServiceLoader} one, by name.
   */
  public static Sink build(String typeName, String id, Map<String, ?> settings) {
    return SinkFactory.build(typeName, id, settings);
  }
}
