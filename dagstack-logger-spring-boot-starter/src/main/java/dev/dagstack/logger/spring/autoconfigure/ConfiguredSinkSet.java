package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.sink.ConsoleSink;
import dev.dagstack.logger.sink.Sink;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * The sink beans {@link ConfiguredSinksRegistrar} registered, checked against the run-time
 * configuration before the first sink is built (the sink factory depends on this bean).
 *
 * <p>Without AOT both come from the same environment and always agree. An AOT-processed
 * application run with {@code -Dspring.aot.enabled=true} keeps the bean definitions computed at
 * build time: which {@code dagstack.logger.sinks.<id>} exist, whether each is enabled and its
 * type are those of the build-time configuration (each sink's other settings, such as its path or
 * min-severity, are still read at run time). A run-time configuration that enables, disables,
 * adds or retypes a sink fails startup here, naming both sets, instead of logging to the
 * build-time sinks. The other {@code dagstack.logger.*} names are checked again here as well,
 * since the registrar does not run in an AOT-processed application.
 */
final class ConfiguredSinkSet implements EnvironmentAware, InitializingBean {

  static final String BEAN_NAME = "dagstackLoggerConfiguredSinkSet";

  /** One sink bean: its name, its sink id ({@code null} for the default console) and class. */
  record ConfiguredSink(String beanName, String id, Class<? extends Sink> type) {
    String describe() {
      return beanName + " (" + type.getSimpleName() + ")";
    }
  }

  private final List<String> registered;
  private Environment environment;

  /** @param registered the registered sinks, as {@link #describe(List)} gives them */
  ConfiguredSinkSet(List<String> registered) {
    this.registered = List.copyOf(registered);
  }

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void afterPropertiesSet() {
    Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
    ConfiguredSinksRegistrar.checkNames(sources);
    List<String> actual = describe(expected(environment));
    if (Set.copyOf(actual).equals(Set.copyOf(registered))) {
      return;
    }
    Set<String> missing = new LinkedHashSet<>(actual);
    registered.forEach(missing::remove);
    Set<String> extra = new LinkedHashSet<>(registered);
    actual.forEach(extra::remove);
    String difference = "built with " + registered + ", but the run-time configuration asks for "
        + actual + (missing.isEmpty() ? "" : "; not built: " + missing)
        + (extra.isEmpty() ? "" : "; built but not configured now: " + extra);
    throw new InvalidDagstackLoggerPropertyException(SinkFactory.PREFIX, String.join(", ", actual),
        AotDetector.useGeneratedArtifacts()
            ? "the application was AOT-processed (spring.aot.enabled=true), which fixes the set of"
                + " sinks and their types at build time: " + difference + ". Build with the same"
                + " dagstack.logger.sinks.<id>.type and .enabled values as at run time (or set"
                + " spring.aot.enabled=false)"
            : "the sinks changed while the context started (after their beans were registered): "
                + difference);
  }

  /** The sink beans the configuration of {@code environment} asks for, in property order. */
  static List<ConfiguredSink> expected(Environment environment) {
    Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
    Binder binder = Binder.get(environment);
    List<String> ids = SinkFactory.ids(sources);
    if (ids.isEmpty()) {
      return List.of(new ConfiguredSink(ConfiguredSinksRegistrar.DEFAULT_SINK_BEAN_NAME, null,
          ConsoleSink.class));
    }
    List<ConfiguredSink> sinks = new ArrayList<>();
    for (String id : ids) {
      if (SinkFactory.enabled(binder, id)) {
        sinks.add(new ConfiguredSink(SinkFactory.path(id), id, SinkFactory.sinkClass(binder, id)));
      }
    }
    return sinks;
  }

  /** The sinks as compared at run time: bean name and sink class of each. */
  static List<String> describe(List<ConfiguredSink> sinks) {
    return sinks.stream().map(ConfiguredSink::describe).toList();
  }
}
