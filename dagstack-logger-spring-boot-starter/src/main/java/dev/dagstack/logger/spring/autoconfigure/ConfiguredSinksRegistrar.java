package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.sink.Sink;
import java.util.List;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
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
 *
 * <p>AOT processing runs this at build time and turns the definitions into code: the set of sink
 * beans and their types are then fixed, while each sink's settings are still read at run time.
 * {@link ConfiguredSinkSet} fails startup when the run-time configuration asks for other sinks.
 */
class ConfiguredSinksRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

  /** The bean name of the default console sink. */
  static final String DEFAULT_SINK_BEAN_NAME = "dagstackLoggerConsoleSink";
  static final String FACTORY_BEAN_NAME = "dagstackLoggerSinkFactory";

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
    checkNames(sources);
    List<ConfiguredSinkSet.ConfiguredSink> sinks = ConfiguredSinkSet.expected(environment);
    if (!registry.containsBeanDefinition(FACTORY_BEAN_NAME)) {
      // Plain definitions (a class, a factory method, constant arguments) rather than instance
      // suppliers, so that AOT processing can turn them into code.
      RootBeanDefinition set = new RootBeanDefinition(ConfiguredSinkSet.class);
      set.getConstructorArgumentValues().addIndexedArgumentValue(0,
          ConfiguredSinkSet.describe(sinks));
      registry.registerBeanDefinition(ConfiguredSinkSet.BEAN_NAME, set);
      RootBeanDefinition factory = new RootBeanDefinition(SinkFactory.class);
      factory.setFactoryMethodName("forApplication");
      factory.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
      // The sink set is checked against the runtime configuration before any sink is built.
      factory.setDependsOn(ConfiguredSinkSet.BEAN_NAME);
      registry.registerBeanDefinition(FACTORY_BEAN_NAME, factory);
    }
    sinks.forEach(sink -> register(registry, sink));
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

  /**
   * Registers the sink's bean as {@code SinkFactory.create(id)} (or {@code createDefaultConsole()})
   * on the factory bean, typed by its sink class.
   */
  private static void register(BeanDefinitionRegistry registry, ConfiguredSinkSet.ConfiguredSink sink) {
    if (registry.containsBeanDefinition(sink.beanName())) {
      return;
    }
    RootBeanDefinition definition = new RootBeanDefinition();
    definition.setFactoryBeanName(FACTORY_BEAN_NAME);
    if (sink.id() == null) {
      definition.setFactoryMethodName("createDefaultConsole");
    } else {
      definition.setFactoryMethodName("create");
      definition.getConstructorArgumentValues().addIndexedArgumentValue(0, sink.id(),
          String.class.getName());
    }
    definition.setTargetType(sink.type());
    // Closed by the configurer, which knows whether they are still in use.
    definition.setDestroyMethodName("");
    registry.registerBeanDefinition(sink.beanName(), definition);
  }
}
