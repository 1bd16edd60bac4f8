package dev.dagstack.logger.spring.autoconfigure;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Leaves {@code dagstack.logger.sinks} out when {@link DagstackLoggerProperties} is bound: each
 * sink's settings are bound by {@link SinkFactory} to its own type's settings class only, so a
 * custom type's {@code mode: FAST} is never converted to the console sink's mode. The
 * {@code sinks} map stays in {@link DagstackLoggerProperties} for the IDE metadata.
 */
final class SinkSettingsBindHandler extends AbstractBindHandler {

  private static final ConfigurationPropertyName SINKS = ConfigurationPropertyName.of(SinkFactory.PREFIX);

  SinkSettingsBindHandler(BindHandler parent) {
    super(parent);
  }

  /** Binds {@code dagstack.logger.*} as the context does (without the sinks). */
  static DagstackLoggerProperties bind(Binder binder) {
    return binder.bindOrCreate(DagstackLoggerProperties.PREFIX,
        Bindable.of(DagstackLoggerProperties.class), new SinkSettingsBindHandler(BindHandler.DEFAULT));
  }

  @Override
  public <T> Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target,
      BindContext context) {
    return SINKS.equals(name) ? null : super.onStart(name, target, context);
  }
}
