package dev.dagstack.logger.bench;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local OTLP/HTTP receiver both OTLP stacks send to: decodes every request (the real
 * protobuf) and counts the log records, so "delivered" means decoded at the receiver. With a
 * round trip above 0 the answer leaves that much later, from a timer thread, as a collector
 * across a network would answer: the decoding threads are not held meanwhile.
 */
final class OtlpReceiver implements AutoCloseable {

  private final HttpServer server;
  private final AtomicLong records = new AtomicLong();
  private final ScheduledExecutorService answers;

  static {
    // Without it the JDK server's small responses meet the client's delayed ACK: ~40 ms each.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  OtlpReceiver() {
    this(0);
  }

  /** A receiver that answers each request {@code roundTripMs} after decoding it. */
  OtlpReceiver(int roundTripMs) {
    answers = roundTripMs > 0 ? Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "otlp-receiver-answers");
      t.setDaemon(true);
      return t;
    }) : null;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/logs", exchange -> {
      ExportLogsServiceRequest request =
          ExportLogsServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
      long n = 0;
      for (ResourceLogs resource : request.getResourceLogsList()) {
        for (ScopeLogs scope : resource.getScopeLogsList()) {
          n += scope.getLogRecordsCount();
        }
      }
      records.addAndGet(n);
      if (answers == null) {
        try (exchange) {
          exchange.sendResponseHeaders(200, -1);
        }
      } else {
        answers.schedule(() -> {
          try (exchange) {
            exchange.sendResponseHeaders(200, -1);
          } catch (IOException e) {
            // The client went away; it counts the batch as failed itself.
          }
        }, roundTripMs, TimeUnit.MILLISECONDS);
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
    if (answers != null) {
      answers.shutdownNow();
    }
  }
}
