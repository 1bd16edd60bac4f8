package dev.dagstack.logger.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.spring.test.CaptureLogs;
import dev.dagstack.logger.spring.test.CapturedLogs;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Component;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The request scope over real HTTP on a single-threaded Tomcat (so consecutive requests share a
 * server thread): attributes and trace context on records, the id header, @Async hand-off, async
 * servlet requests and failing requests. An outer filter logs "outside" after the chain on every
 * dispatch: if a scope outlived its dispatch, that record would carry request attributes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = RequestScopeWebTest.TestApplication.class,
    properties = {
      "server.tomcat.threads.max=1",
      "server.tomcat.threads.min-spare=1",
      "management.tracing.sampling.probability=1.0",
      "dagstack.logger.sinks.memory.type=in-memory"
    })
@DirtiesContext
@CaptureLogs
class RequestScopeWebTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String LOGGER = "web.test";

  @LocalServerPort
  int port;

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void recordsCarryTheRequestScopeAndTheTraceContextAndTheIdIsEchoed(CapturedLogs logs)
      throws Exception {
    HttpResponse<String> response = get("/hello", "X-Request-Id", "req-42.a:b_c",
        "traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
    assertThat(response.headers().firstValue("X-Request-Id")).contains("req-42.a:b_c");
    assertThat(response.headers().firstValue("X-Dagstack-Debug-Id")).isEmpty();

    LogRecord handled = logs.withBody("hello handled").single();
    assertThat(handled.attributes()).containsEntry("request.id", "req-42.a:b_c")
        .containsEntry("http.request.method", "GET").containsEntry("url.path", "/hello");
    assertThat(handled.traceId()).isEqualTo(TRACE_ID);
    // The outer filter logs after the response is sent: wait for it rather than assume.
    logs.withBody("outside").awaitAtLeast(1);
    LogRecord bridged = logs.withBody("hello via slf4j").single();
    assertThat(bridged.attributes().get("request.id")).isEqualTo("req-42.a:b_c");
    assertThat(bridged.traceId()).isEqualTo(TRACE_ID);
    assertThat(logs.withBody("outside").withAttribute("request.id")).isEmpty();
  }

  @Test
  void aMalformedOrMissingIdIsReplacedByAGeneratedOne(CapturedLogs logs) throws Exception {
    String tooLong = "x".repeat(129);
    for (String presented : new String[] {"bad id", "<script>", tooLong, null}) {
      HttpResponse<String> response = presented == null ? get("/hello")
          : get("/hello", "X-Request-Id", presented);
      String echoed = response.headers().firstValue("X-Request-Id").orElseThrow();
      assertThat(echoed).isNotEqualTo(presented).matches("[0-9a-f]{32}");
      assertThat(logs.withBody("hello handled").withAttribute("request.id", echoed)).hasSize(1);
    }
  }

  @Test
  void theScopeFollowsAsyncWorkOnTheApplicationTaskExecutor(CapturedLogs logs) throws Exception {
    get("/async", "X-Request-Id", "async-1");
    LogRecord inWorker = logs.withBody("async work").single();
    assertThat(inWorker.attributes().get("request.id")).isEqualTo("async-1");
    assertThat(inWorker.attributes().get("thread")).asString().startsWith("task-");
  }

  @Test
  void deferredResultAndCallableRequestsKeepTheScopeOnTheAsyncDispatchAndCloseIt(CapturedLogs logs)
      throws Exception {
    assertThat(get("/deferred", "X-Request-Id", "deferred-1").body()).isEqualTo("deferred done");
    assertThat(get("/callable", "X-Request-Id", "callable-1").body()).isEqualTo("callable done");
    assertThat(get("/future", "X-Request-Id", "future-1").body()).isEqualTo("future done");
    // afterCompletion of an async dispatch and the outer filter run after the response is sent.
    logs.withBody("completed").withAttribute("dispatch", "ASYNC").awaitAtLeast(3);
    logs.withBody("outside").awaitAtLeast(6);

    assertThat(logs.withBody("completed").withAttribute("dispatch", "ASYNC").bodies()).hasSize(3);
    assertThat(logs.withBody("completed").withAttribute("request.id", "future-1")
        .withAttribute("dispatch", "ASYNC")).hasSize(1);
    assertThat(logs.withBody("completed").withAttribute("request.id", "deferred-1")
        .withAttribute("dispatch", "ASYNC")).hasSize(1);
    assertThat(logs.withBody("callable ran").single().attributes().get("request.id"))
        .isEqualTo("callable-1");
    assertThat(logs.withBody("completed").withAttribute("request.id", "callable-1")
        .withAttribute("dispatch", "ASYNC")).hasSize(1);
    // Initial and async dispatch of the three requests: six "outside" records, none scoped.
    assertThat(logs.withBody("outside").withAttribute("dispatch", "ASYNC")).hasSize(3);
    assertThat(logs.withBody("outside").withAttribute("request.id")).isEmpty();
  }

  @Test
  void aFailingRequestClosesItsScopeAndTheNextRequestOnTheSameThreadIsClean(CapturedLogs logs)
      throws Exception {
    assertThat(get("/fail", "X-Request-Id", "failing-1").statusCode()).isEqualTo(500);
    get("/hello", "X-Request-Id", "next-1");
    logs.withBody("outside").withAttribute("dispatch", "REQUEST").awaitAtLeast(2);

    assertThat(logs.withBody("about to fail").single().attributes().get("request.id"))
        .isEqualTo("failing-1");
    LogRecord next = logs.withBody("hello handled").single();
    assertThat(next.attributes().get("request.id")).isEqualTo("next-1");
    assertThat(next.attributes().get("thread"))
        .isEqualTo(logs.withBody("about to fail").single().attributes().get("thread"));
    assertThat(logs.withBody("outside")).isNotEmpty();
    assertThat(logs.withBody("outside").withAttribute("request.id")).isEmpty();
  }


  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableAsync
  @Import({Controller.class, AsyncWork.class})
  static class TestApplication implements WebMvcConfigurer {

    /** Outside the request scope filter: its records must never carry request attributes. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> outerFilter() {
      OncePerRequestFilter filter = new OncePerRequestFilter() {
        @Override
        protected boolean shouldNotFilterAsyncDispatch() {
          return false;
        }

        @Override
        protected boolean shouldNotFilterErrorDispatch() {
          return false;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws ServletException, IOException {
          try {
            chain.doFilter(request, response);
          } finally {
            Logger.get(LOGGER).info("outside", dev.dagstack.logger.record.Attrs.of(
                "dispatch", request.getDispatcherType().name()));
          }
        }
      };
      FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
      registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST,
          jakarta.servlet.DispatcherType.ASYNC, jakarta.servlet.DispatcherType.ERROR);
      return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
      registry.addInterceptor(new HandlerInterceptor() {
        @Override
        public void afterCompletion(HttpServletRequest request, HttpServletResponse response,
            Object handler, Exception ex) {
          Logger.get(LOGGER).info("completed", dev.dagstack.logger.record.Attrs.of(
              "dispatch", request.getDispatcherType().name()));
        }
      });
    }
  }

  @Component
  static class AsyncWork {
    @Async
    public CompletableFuture<String> work() {
      Logger.get(LOGGER).info("async work", dev.dagstack.logger.record.Attrs.of(
          "thread", Thread.currentThread().getName()));
      return CompletableFuture.completedFuture("done");
    }
  }

  @RestController
  static class Controller {
    private final AsyncWork asyncWork;

    Controller(AsyncWork asyncWork) {
      this.asyncWork = asyncWork;
    }

    @GetMapping("/hello")
    String hello() {
      Logger.get(LOGGER).info("hello handled", dev.dagstack.logger.record.Attrs.of(
          "thread", Thread.currentThread().getName()));
      LoggerFactory.getLogger(LOGGER).info("hello via slf4j");
      return "hello";
    }

    @GetMapping("/async")
    String async() throws Exception {
      return asyncWork.work().get();
    }

    @GetMapping("/deferred")
    DeferredResult<String> deferred() {
      DeferredResult<String> result = new DeferredResult<>(20_000L);
      // Completed from a thread that has no request scope at all.
      new Thread(() -> result.setResult("deferred done")).start();
      return result;
    }

    @GetMapping("/future")
    CompletableFuture<String> future() {
      CompletableFuture<String> result = new CompletableFuture<>();
      new Thread(() -> result.complete("future done")).start();
      return result;
    }

    @GetMapping("/callable")
    Callable<String> callable() {
      return () -> {
        Logger.get(LOGGER).info("callable ran");
        return "callable done";
      };
    }

    @GetMapping("/fail")
    String fail() {
      Logger.get(LOGGER).info("about to fail", dev.dagstack.logger.record.Attrs.of(
          "thread", Thread.currentThread().getName()));
      throw new IllegalStateException("boom");
    }
  }
}
