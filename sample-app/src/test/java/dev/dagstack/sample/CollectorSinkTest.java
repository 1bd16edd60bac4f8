package dev.dagstack.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.dagstack.logger.Logger;
import dev.dagstack.logger.otlp.OtlpSink;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The order service with its collector sink turned on by the one property
 * {@code order-service.otlp.enabled=true}, feeding a real OTLP/HTTP receiver on loopback (the
 * endpoint given the way an operator would, as {@code OTEL_EXPORTER_OTLP_ENDPOINT}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "order-service.otlp.enabled=true")
@DirtiesContext
class CollectorSinkTest {

  private static final List<ExportLogsServiceRequest> RECEIVED = new CopyOnWriteArrayList<>();
  private static final HttpServer COLLECTOR = startCollector();

  @TempDir
  static Path logDir;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("order-service.log-dir", logDir::toString);
    registry.add("OTEL_EXPORTER_OTLP_ENDPOINT",
        () -> "http://127.0.0.1:" + COLLECTOR.getAddress().getPort());
  }

  private static HttpServer startCollector() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/v1/logs", exchange -> {
        try (exchange) {
          InputStream body = exchange.getRequestBody();
          if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            body = new GZIPInputStream(body);
          }
          RECEIVED.add(ExportLogsServiceRequest.parseFrom(body.readAllBytes()));
          exchange.sendResponseHeaders(200, -1);
        }
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stopCollector() {
    COLLECTOR.stop(0);
  }

  @LocalServerPort
  int port;

  @Autowired
  org.springframework.context.ApplicationContext context;

  @Test
  void aPlacedOrderReachesTheCollectorWithTheServiceResource() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/orders"))
        .header("Content-Type", "application/json")
        .header("X-Request-Id", "otlp-tour-1")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"item\":\"book\",\"quantity\":2,\"card_token\":\"tok_4111\",\"card_cvv\":\"cvv-123\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(201);
    OtlpSink collector = (OtlpSink) context.getBean("dagstack.logger.sinks.collector");
    assertThat(collector.id()).isEqualTo("collector");
    assertThat(Logger.root().flush(Duration.ofSeconds(10)).success()).isTrue();

    List<LogRecord> records = new ArrayList<>();
    String serviceName = null;
    for (ExportLogsServiceRequest request : RECEIVED) {
      for (ResourceLogs resource : request.getResourceLogsList()) {
        for (KeyValue kv : resource.getResource().getAttributesList()) {
          if (kv.getKey().equals("service.name")) {
            serviceName = kv.getValue().getStringValue();
          }
        }
        resource.getScopeLogsList().forEach(scope -> records.addAll(scope.getLogRecordsList()));
      }
    }
    assertThat(serviceName).isEqualTo("order-service");
    List<LogRecord> ofRequest = records.stream().filter(r -> r.getAttributesList().stream()
        .anyMatch(kv -> kv.getKey().equals("request.id")
            && kv.getValue().getStringValue().equals("otlp-tour-1"))).toList();
    assertThat(ofRequest).isNotEmpty();
    // Redaction happens before any sink: the collector never sees the card token.
    assertThat(records.toString()).doesNotContain("tok_4111").doesNotContain("cvv-123");
  }
}
