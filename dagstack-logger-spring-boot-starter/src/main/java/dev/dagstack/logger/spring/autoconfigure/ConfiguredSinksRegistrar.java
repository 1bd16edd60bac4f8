package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.sink.ConsoleSink;
import dev.dagstack.logger.sink.FileSink;
import dev.dagstack.logger.sink.InMemorySink;
import dev.dagstack.logger.sink.Sink;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link Sink} bean per {@code dagstack.logger.sinks[i]} entry, named after the
 * entry ({@code dagstack.logger.sinks[0]}, ...), or a single console sink in auto mode when there
 * is none. The beans are typed by their sink class so that, say, an {@code InMemorySink} can be
 * injected by type; Spring closes them when the context closes.
 */
class ConfiguredSinksRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware,
    BeanFactoryAware {

  /** The bean name of the default console sink. */
  static final String DEFAULT_SINK_BEAN_NAME = "dagstackLoggerConsoleSink";

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
    List<DagstackLoggerProperties.Sink> entries = Binder.get(environment)
        .bind(DagstackLoggerProperties.PREFIX + ".sinks",
            Bindable.listOf(DagstackLoggerProperties.Sink.class))
        .orElse(List.of());
    if (entries.isEmpty()) {
      register(registry, DEFAULT_SINK_BEAN_NAME, ConsoleSink.class, ConsoleSink::auto);
      return;
    }
    for (int i = 0; i < entries.size(); i++) {
      int index = i;
      register(registry, SinkFactory.path(index), sinkClass(entries.get(index)),
          () -> SinkFactory.create(properties().getSinks().get(index), index));
    }
  }

  private DagstackLoggerProperties properties() {
    return beanFactory.getBean(DagstackLoggerProperties.class);
  }

  private static Class<? extends Sink> sinkClass(DagstackLoggerProperties.Sink entry) {
    String type = SinkFactory.type(entry);
    if (SinkFactory.FILE.equals(type)) {
      return FileSink.class;
    }
    if (SinkFactory.IN_MEMORY.equals(type)) {
      return InMemorySink.class;
    }
    return SinkFactory.CONSOLE.equals(type) ? ConsoleSink.class : Sink.class;
  }

  private static <T extends Sink> void register(BeanDefinitionRegistry registry, String name,
      Class<T> type, java.util.function.Supplier<? extends Sink> supplier) {
    if (registry.containsBeanDefinition(name)) {
      return;
    }
    @SuppressWarnings("unchecked")
    RootBeanDefinition definition = new RootBeanDefinition(type, () -> (T) supplier.get());
    definition.setDestroyMethodName("close");
    registry.registerBeanDefinition(name, definition);
  }
}
