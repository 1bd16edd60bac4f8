package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.spring.ai.SpringAiObservationHandler;
import dev.dagstack.logger.spring.ai.SpringAiRetryCustomizer;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The AI-agent pack with Spring AI (spec §5.5), when {@code dagstack.logger.ai-agent.enabled} is
 * true and Spring AI is on the classpath: its chat, embedding and tool-calling observations
 * become {@code ai_agent.*} events ({@link SpringAiObservationHandler}, registered after the
 * operations' observation handler), and the OpenAI client's HTTP retries become
 * {@code ai_agent.llm.retry}. Without Spring AI nothing here loads. The pack's core (schemas,
 * body privacy) is configured with the conventions, see {@link DagstackAiAgentProperties}.
 */
@AutoConfiguration(after = DagstackConventionsAutoConfiguration.class,
    beforeName = {
      "org.springframework.ai.model.openai.autoconfigure.OpenAiChatAutoConfiguration",
      "org.springframework.ai.model.openai.autoconfigure.OpenAiEmbeddingAutoConfiguration"
    })
@ConditionalOnBooleanProperty(name = DagstackLoggerProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = DagstackLoggerProperties.PREFIX + ".ai-agent.enabled")
@ConditionalOnClass(name = {"io.micrometer.observation.ObservationHandler",
    "org.springframework.ai.chat.observation.ChatModelObservationContext"})
public final class DagstackAiAgentAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SpringAiObservationHandler dagstackSpringAiObservationHandler() {
    return new SpringAiObservationHandler();
  }

  /** Retries of the OpenAI client (Spring AI's OpenAI module). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {
      "org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer",
      "okhttp3.Interceptor"})
  static class OpenAiRetries {

    @Bean
    @ConditionalOnMissingBean
    SpringAiRetryCustomizer dagstackSpringAiRetryCustomizer(
        ObjectProvider<ObservationRegistry> registry) {
      return new SpringAiRetryCustomizer(registry.getIfAvailable(() -> ObservationRegistry.NOOP));
    }
  }
}
