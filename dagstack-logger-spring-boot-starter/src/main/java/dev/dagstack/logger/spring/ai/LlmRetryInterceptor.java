package dev.dagstack.logger.spring.ai;

import dev.dagstack.logger.convention.AiAgentKeys;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.springframework.ai.model.observation.ModelObservationContext;

/**
 * Writes {@code ai_agent.llm.retry} (spec §5.5) for the OpenAI client's retries: Spring AI 2
 * leaves them to the OpenAI Java SDK, which observes nothing, so this OkHttp interceptor watches
 * each HTTP attempt made inside a model observation. When an attempt follows a failed one (a
 * retryable status: 408, 409, 429, 5xx; or an I/O error) it writes the event, with
 * {@code retry.attempt} (1 for the first retry), {@code retry.reason} ({@code http 503},
 * {@code IOException: ...}) and {@code retry.backoff_ms} (the time actually waited since the
 * failure).
 */
final class LlmRetryInterceptor implements Interceptor {

  private static final String ATTEMPTS = LlmRetryInterceptor.class.getName() + ".attempts";

  private final ObservationRegistry registry;

  LlmRetryInterceptor(ObservationRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Observation current = registry.getCurrentObservation();
    Observation.Context context = current != null ? current.getContext() : null;
    Attempts attempts = context instanceof ModelObservationContext<?, ?>
        ? context.computeIfAbsent(ATTEMPTS, key -> new Attempts()) : null;
    if (attempts != null) {
      attempts.beforeAttempt((ModelObservationContext<?, ?>) context);
    }
    Response response;
    try {
      response = chain.proceed(chain.request());
    } catch (IOException e) {
      if (attempts != null) {
        attempts.failed(e.getClass().getSimpleName() + ": " + e.getMessage(), null);
      }
      throw e;
    }
    if (attempts != null) {
      int code = response.code();
      if (code == 408 || code == 409 || code == 429 || code >= 500) {
        attempts.failed("http " + code, code);
      } else {
        attempts.succeeded();
      }
    }
    return response;
  }

  /** The attempts of one model observation (one synchronous call: one thread at a time). */
  private static final class Attempts {
    private int retries;
    private String failure;
    private Integer failedStatus;
    private long failedAt;

    synchronized void beforeAttempt(ModelObservationContext<?, ?> context) {
      if (failure == null) {
        return;
      }
      retries++;
      Map<String, Object> attributes = SpringAiObservationHandler.modelBase(context,
          SpringAiObservationHandler.requestModel(context));
      attributes.put(AiAgentKeys.RETRY_ATTEMPT, retries);
      attributes.put(AiAgentKeys.RETRY_REASON, failure);
      attributes.put(AiAgentKeys.RETRY_BACKOFF_MS, (System.nanoTime() - failedAt) / 1_000_000);
      if (failedStatus != null) {
        attributes.put("http.response.status_code", failedStatus);
      }
      failure = null;
      SpringAiObservationHandler.emit(context, "llm.retry", attributes);
    }

    synchronized void failed(String reason, Integer status) {
      failure = reason;
      failedStatus = status;
      failedAt = System.nanoTime();
    }

    synchronized void succeeded() {
      failure = null;
    }
  }
}
