package dev.dagstack.logger.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Captures every dagstack record emitted during each test (from any thread: the test's own, the
 * server threads handling its HTTP calls, executors) into a fresh {@link CapturedLogs}, which a
 * test or {@code @BeforeEach} method receives as a parameter. What is captured is what reaches
 * the sinks (after level checks and redaction), whatever sinks are configured.
 *
 * <pre>{@code
 * @SpringBootTest(webEnvironment = RANDOM_PORT)
 * @CaptureLogs
 * class OrderApiTest {
 *   @Test
 *   void placingAnOrderIsLogged(CapturedLogs logs) {
 *     post("/orders", ...);
 *     assertThat(logs).hasRecordWithBody("order placed").withAttribute("order.id", 42).single();
 *     assertThat(logs).hasNoRecordAtLeast(Severity.WARN);
 *   }
 * }
 * }</pre>
 *
 * <p>{@code assertThat(CapturedLogs)} comes from {@link LogAssertions}. The capture is
 * process-wide: tests that run concurrently in one JVM would see each other's records.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(CaptureLogsExtension.class)
public @interface CaptureLogs {}
