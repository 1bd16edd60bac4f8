package dev.dagstack.logger;

import dev.dagstack.logger.record.Attrs;

/**
 * A record being built by the fluent API of {@link Logger}, for hot paths:
 *
 * <pre>{@code
 * logger.atDebug()
 *     .attr("order.id", orderId)
 *     .attr("order.price", price)
 *     .attr("order.item", item)
 *     .log("order placed");
 * }</pre>
 *
 * <p>When the severity is disabled, {@code atDebug()} returns a shared event that ignores
 * everything: the call allocates nothing and costs about as much as an {@code isEnabled} check,
 * whereas {@code logger.debug("...", Attrs.of(...))} builds its attributes before the level is
 * known. When enabled, the attributes are collected in a per-thread buffer and the record is the
 * same as the classic call with the same attributes would make ({@link Attrs#of} rules: values
 * converted to the canonical model, a later duplicate key wins, a {@code null} key is reported
 * and skipped).
 *
 * <p>An event belongs to the statement that made it: call {@link #log(Object)} once, on the
 * thread that called {@code atXxx()}, and do not keep the event afterwards. Logging while an
 * event is being built (an attribute's value logs, say) is fine.
 */
public interface LogEvent {

  /** Adds an integer attribute (stored as {@code Long}). */
  LogEvent attr(String key, long value);

  /** Adds a floating-point attribute (stored as {@code Double}). */
  LogEvent attr(String key, double value);

  /** Adds a boolean attribute. */
  LogEvent attr(String key, boolean value);

  /** Adds an attribute of any type, converted as {@link Attrs#of} converts values. */
  LogEvent attr(String key, Object value);

  /** Emits the record with {@code body} and the attributes added so far. Never throws. */
  void log(Object body);
}
