package dev.dagstack.logger.spring.sink;

import dev.dagstack.logger.sink.Sink;

/**
 * A kind of sink that {@code dagstack.logger.sinks.<id>.type=<name>} selects: the Java form of a
 * Dagster logger definition (a name, a typed settings schema and a factory). The built-in types
 * are {@code console}, {@code file} and {@code in-memory}; an application or library adds its own
 * as a Spring bean or as a {@link java.util.ServiceLoader} entry in
 * {@code META-INF/services/dev.dagstack.logger.spring.sink.SinkType}.
 *
 * <p>At startup the properties under {@code dagstack.logger.sinks.<id>} (except {@code type} and
 * {@code enabled}) are bound to a new instance of {@link #settingsType()} with Spring Boot's
 * binder (kebab-case names, relaxed binding, conversions such as {@code DataSize} and enums). A
 * property that is no JavaBean property of the settings class fails startup, naming it and the
 * nearest valid name; so does a value the binder cannot convert (with its origin) and an
 * {@link InvalidSinkSettingException} thrown by {@link #create}.
 *
 * <p>Tests build a sink of a type from a map of settings with
 * {@link TestSinks#build}, through the same binding and checks.
 *
 * @param <S> the settings class: a JavaBean with a public no-argument constructor
 */
public interface SinkType<S> {

  /**
   * The name selected by {@code type}: lowercase letters, digits and {@code -} (e.g.
   * {@code audit}). Matched case-insensitively, {@code _} read as {@code -}.
   */
  String name();

  /** The class the sink's settings are bound to. */
  Class<S> settingsType();

  /**
   * Builds the sink.
   *
   * @param id the sink id (the key under {@code dagstack.logger.sinks})
   * @param settings the bound settings
   * @throws InvalidSinkSettingException naming the setting whose value cannot be used
   */
  Sink create(String id, S settings);

  /** The class of the sinks this type builds; beans are registered with it (default {@link Sink}). */
  default Class<? extends Sink> sinkClass() {
    return Sink.class;
  }
}
