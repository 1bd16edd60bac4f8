package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.sink.ConsoleSink;
import dev.dagstack.logger.sink.Sink;
import dev.dagstack.logger.spring.sink.SinkType;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Checks that every {@code dagstack.logger.*} name outside {@code sinks} binds to a setting
 * (before any bean is created), then registers the {@link SinkFactory} and one {@link Sink} bean
 * per enabled {@code dagstack.logger.sinks.<id>}, named after its property
 * ({@code dagstack.logger.sinks.app-file}), or a single console sink in auto mode when none is
 * configured. The beans are typed by their sink class where the type is known up front, so that,
 * say, an {@code InMemorySink} can be injected by type. Their destroy method is off: the
 * configurer closes them.
 */
class ConfiguredSinksRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware,
    BeanFactoryAware {

  /** The bean name of the default console sink. */
  static final String DEFAULT_SINK_BEAN_NAME = "dagstackLoggerConsoleSink";
  static final String FACTORY_BEAN_NAME = "dagstackLoggerSinkFactory";

  private Environment environment;
  private BeanFactory beanFactory;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
    Binder binder = Binder.get(environment);
    checkNames(sources);
    if (!registry.containsBeanDefinition(FACTORY_BEAN_NAME)) {
      @SuppressWarnings({"unchecked", "rawtypes"})
      Supplier<SinkFactory> factory = () -> new SinkFactory(sources, binder,
          (List) beanFactory.getBeanProvider(SinkType.class).orderedStream().toList());
      registry.registerBeanDefinition(FACTORY_BEAN_NAME,
          new RootBeanDefinition(SinkFactory.class, factory));
    }
    List<String> ids = SinkFactory.ids(sources);
    if (ids.isEmpty()) {
      register(registry, DEFAULT_SINK_BEAN_NAME, ConsoleSink.class,
          () -> beanFactory.getBean(SinkFactory.class).createDefaultConsole());
      return;
    }
    for (String id : ids) {
      if (SinkFactory.enabled(binder, id)) {
        register(registry, SinkFactory.path(id), SinkFactory.sinkClass(binder, id),
            () -> beanFactory.getBean(SinkFactory.class).create(id));
      }
    }
  }

  /**
   * Fails on the first {@code dagstack.logger.*} name (outside {@code sinks}, which the factory
   * checks against each sink's type) that binds to no setting of {@link DagstackLoggerProperties}.
   */
  static void checkNames(Iterable<ConfigurationPropertySource> sources) {
    ConfigurationPropertyName prefix = ConfigurationPropertyName.of(DagstackLoggerProperties.PREFIX);
    ConfigurationPropertyName sinks = ConfigurationPropertyName.of(SinkFactory.PREFIX);
    PropertyNames.under(sources, prefix).forEach((name, property) -> {
      if (sinks.isAncestorOf(name)) {
        return;
      }
      String problem = PropertyNames.unknown(name, prefix.getNumberOfElements(),
          DagstackLoggerProperties.class, null);
      if (problem != null) {
        throw new InvalidDagstackLoggerPropertyException(name.toString(), property.getValue(),
            problem, property.getOrigin());
      }
    });
  }

  private static void register(BeanDefinitionRegistry registry, String name,
      Class<? extends Sink> type, Supplier<? extends Sink> supplier) {
    if (registry.containsBeanDefinition(name)) {
      return;
    }
    RootBeanDefinition definition = new RootBeanDefinition(Sink.class, supplier::get);
    definition.setTargetType(type);
    // Closed by the configurer, which knows whether they are still in use.
    definition.setDestroyMethodName("");
    registry.registerBeanDefinition(name, definition);
  }
}
