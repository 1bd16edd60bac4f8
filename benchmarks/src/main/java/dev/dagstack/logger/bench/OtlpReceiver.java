package dev.dagstack.logger.bench;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local OTLP/HTTP receiver both OTLP stacks send to: decodes every request (the real
 * protobuf) and counts the log records, so "delivered" means decoded at the receiver.
 */
final class OtlpReceiver implements AutoCloseable {

  private final HttpServer server;
  private final AtomicLong records = new AtomicLong();

  static {
    // Without it the JDK server's small responses meet the client's delayed ACK: ~40 ms each.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  OtlpReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/logs", exchange -> {
      try (exchange) {
        ExportLogsServiceRequest request =
            ExportLogsServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
        long n = 0;
        for (ResourceLogs resource : request.getResourceLogsList()) {
          for (ScopeLogs scope : resource.getScopeLogsList()) {
            n += scope.getLogRecordsCount();
          }
        }
        records.addAndGet(n);
        exchange.sendResponseHeaders(200, -1);
      }
    });
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "otlp-receiver");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/logs";
  }

  long records() {
    return records.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
