package dev.dagstack.logger.spring.autoconfigure;

import java.util.function.Predicate;
import org.springframework.aot.generate.GenerationContext;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragments;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragmentsDecorator;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.CodeBlock;

/**
 * Keeps the configured sink beans free of a container destroy method in an AOT-processed
 * application. {@link ConfiguredSinksRegistrar} sets their destroy method to none, because the
 * configurer closes them after the application's beans (so that {@code @PreDestroy} methods still
 * log). AOT code generation resolves "none" to no statement at all, which the runtime reads as
 * "infer", and a {@code Sink} is {@link AutoCloseable}: the container would close it early. This
 * writes the empty destroy method name back into the generated definition. Registered in
 * {@code META-INF/spring/aot.factories}.
 */
class SinkBeansAotProcessor implements BeanRegistrationAotProcessor {

  @Override
  public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
    if (!ConfiguredSinksRegistrar.FACTORY_BEAN_NAME.equals(
        registeredBean.getMergedBeanDefinition().getFactoryBeanName())) {
      return null;
    }
    return BeanRegistrationAotContribution.withCustomCodeFragments(NoDestroyMethod::new);
  }

  private static final class NoDestroyMethod extends BeanRegistrationCodeFragmentsDecorator {

    NoDestroyMethod(BeanRegistrationCodeFragments delegate) {
      super(delegate);
    }

    @Override
    public CodeBlock generateSetBeanDefinitionPropertiesCode(GenerationContext generationContext,
        BeanRegistrationCode beanRegistrationCode, RootBeanDefinition beanDefinition,
        Predicate<String> attributeFilter) {
      return CodeBlock.builder()
          .add(super.generateSetBeanDefinitionPropertiesCode(generationContext,
              beanRegistrationCode, beanDefinition, attributeFilter))
          .addStatement("$L.setDestroyMethodNames($S)", BEAN_DEFINITION_VARIABLE, "")
          .build();
    }
  }
}
