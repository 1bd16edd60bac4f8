package dev.dagstack.logger.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Chooses the name (and optionally the version) of an injected {@code dev.dagstack.logger.Logger}.
 * Without it, an injected logger is named after the class that declares the field or
 * constructor.
 *
 * <pre>{@code
 * @RestController
 * class OrderController {
 *   OrderController(@LoggerName(value = "order_service.api", version = "1.0.0") Logger logger) { ... }
 * }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LoggerName {

  /** The logger name, e.g. {@code order_service.api}. */
  String value();

  /** The instrumentation scope version; empty for none. */
  String version() default "";
}
