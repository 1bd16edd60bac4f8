package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.processor.LogRecordProcessor;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * What the debug-token mask (on while {@code dagstack.logger.web.debug.token} is set) costs per
 * record: the workload's record with five attributes and no token (every record of a normal
 * request), and Spring's TRACE request-detail line that carries it (masked).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class DebugTokenMaskBench {

  private LogRecordProcessor mask;
  private LogRecord plain;
  private LogRecord requestDetails;

  @Setup
  public void setUp() {
    DagstackLoggerProperties.Debug debug = new DagstackLoggerProperties.Debug();
    debug.setToken("9f2c1e7a-debug-token-4b1d8e");
    mask = DebugTokenMask.appendTo(List.of(), debug).get(0);
    plain = LogRecord.builder().timeUnixNano(1L).severityNumber(Severity.INFO)
        .body("order placed")
        .attributes(Attrs.of("order.id", 4711L, "order.quantity", 3, "order.item", "sku-4711",
            "order.price", 19.99, "order.paid", true,
            "request.id", "0af7651916cd43dd8448eb211c80319c", "http.request.method", "GET",
            "url.path", "/orders/42"))
        .build();
    requestDetails = LogRecord.builder().timeUnixNano(1L).severityNumber(Severity.TRACE)
        .body("GET \"/orders/42\", parameters={}, headers={masked}, host:\"orders.example.com\","
            + " user-agent:\"curl/8.5.0\", accept:\"*/*\","
            + " x-dagstack-debug:\"9f2c1e7a-debug-token-4b1d8e\", x-request-id:\"support-4711\"")
        .build();
    if (mask.onEmit(requestDetails).bodyText().contains("9f2c1e7a")) {
      throw new IllegalStateException("the token was not masked");
    }
  }

  @Benchmark
  public LogRecord plain_record_5attrs() {
    return mask.onEmit(plain);
  }

  @Benchmark
  public LogRecord request_details_line_masked() {
    return mask.onEmit(requestDetails);
  }
}
