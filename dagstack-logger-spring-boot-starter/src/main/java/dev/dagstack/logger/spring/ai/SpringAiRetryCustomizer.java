package dev.dagstack.logger.spring.ai;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.ai.openai.http.okhttp.SpringAiOpenAiHttpClient;

/**
 * Adds the interceptor that turns the OpenAI client's retries into {@code ai_agent.llm.retry}
 * events (see {@code LlmRetryInterceptor}); Spring AI's OpenAI auto-configuration applies every
 * {@link OpenAiHttpClientBuilderCustomizer} bean.
 */
public final class SpringAiRetryCustomizer implements OpenAiHttpClientBuilderCustomizer {

  private final ObservationRegistry registry;

  /** @param registry the registry whose current observation a retried call belongs to */
  public SpringAiRetryCustomizer(ObservationRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void customize(SpringAiOpenAiHttpClient.Builder builder) {
    builder.interceptor(new LlmRetryInterceptor(registry));
  }
}
