package dev.dagstack.logger.spring.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.context.LoggingScope;
import dev.dagstack.logger.context.ScopeSnapshot;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import io.micrometer.context.ContextRegistry;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** The accessor, found through META-INF/services, carries scopes through a real executor. */
class ScopeSnapshotAccessorTest {

  private final InMemorySink sink = new InMemorySink(100);
  private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

  @AfterEach
  void cleanUp() {
    executor.shutdown();
    Logger.reset();
  }

  @Test
  void isRegisteredWithTheGlobalContextRegistry() {
    assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
        .anyMatch(accessor -> ScopeSnapshotAccessor.KEY.equals(accessor.key()));
  }

  @Test
  void aContextPropagatingThreadPoolRunsTasksUnderTheSubmittersScopeAndRestoresTheWorker()
      throws Exception {
    Logger.configure(LoggerConfiguration.builder().sinks(sink).build());
    executor.setCorePoolSize(1);
    executor.setMaxPoolSize(1);
    executor.setTaskDecorator(new ContextPropagatingTaskDecorator());
    executor.initialize();

    Future<?> scoped;
    try (LoggingScope ignored = LoggingScope.builder()
        .attributes(Attrs.of("request.id", "r-1")).open()) {
      scoped = executor.submit(() -> Logger.get("worker").info("in task"));
    }
    scoped.get(10, TimeUnit.SECONDS);
    Future<Boolean> after = executor.submit(() -> {
      Logger.get("worker").info("later task");
      return ScopeSnapshot.capture().isEmpty();
    });

    assertThat(after.get(10, TimeUnit.SECONDS)).as("worker has no scope left").isTrue();
    assertThat(sink.records()).extracting(LogRecord::bodyText).containsExactly("in task", "later task");
    assertThat(sink.records().get(0).attributes().get("request.id")).isEqualTo("r-1");
    assertThat(sink.records().get(1).attributes()).doesNotContainKey("request.id");
  }

  @Test
  void theProviderBindingTravelsWithTheTaskAndLeavesTheWorkerUnbound() throws Exception {
    executor.setCorePoolSize(1);
    executor.setMaxPoolSize(1);
    executor.setTaskDecorator(new ContextPropagatingTaskDecorator());
    executor.initialize();
    assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
        .anyMatch(accessor -> LoggerProviderAccessor.KEY.equals(accessor.key()));
    InMemorySink own = new InMemorySink(10);
    try (dev.dagstack.logger.LoggerProvider provider = dev.dagstack.logger.LoggerProvider
        .builder().configuration(LoggerConfiguration.builder().sinks(own).build()).build()) {
      Future<?> bound;
      try (dev.dagstack.logger.LoggerProvider.Binding binding = provider.makeCurrent()) {
        bound = executor.submit(() -> Logger.get("worker").info("through the submitter's"));
      }
      bound.get(10, TimeUnit.SECONDS);
      Future<Boolean> after = executor.submit(
          () -> dev.dagstack.logger.LoggerProvider.current() == null);
      assertThat(after.get(10, TimeUnit.SECONDS)).as("worker has no binding left").isTrue();
      assertThat(own.records()).extracting(LogRecord::bodyText)
          .containsExactly("through the submitter's");
    }
  }
}
