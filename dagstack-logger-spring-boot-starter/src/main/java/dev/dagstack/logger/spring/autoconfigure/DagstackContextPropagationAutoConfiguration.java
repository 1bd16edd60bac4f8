package dev.dagstack.logger.spring.autoconfigure;

import io.micrometer.context.ContextSnapshot;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Makes Boot's {@code applicationTaskExecutor} (used by {@code @Async} and Spring MVC's async
 * request processing) carry the caller's context, including the dagstack logging scopes (their
 * Micrometer {@code ThreadLocalAccessor} is registered through {@code META-INF/services}): a
 * {@link ContextPropagatingTaskDecorator} bean, as {@code spring.task.execution.propagate-context}
 * would define, unless the application already has one. Boot composes it with the application's
 * other {@code TaskDecorator} beans.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration")
@ConditionalOnClass({ContextSnapshot.class, ContextPropagatingTaskDecorator.class})
@ConditionalOnBooleanProperty(name = DagstackLoggerProperties.PREFIX + ".enabled", matchIfMissing = true)
public final class DagstackContextPropagationAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(ContextPropagatingTaskDecorator.class)
  ContextPropagatingTaskDecorator dagstackContextPropagatingTaskDecorator() {
    return new ContextPropagatingTaskDecorator();
  }
}
