package dev.dagstack.logger.otlp;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.exporter.internal.TlsUtil;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * A real OTLP receiver on loopback for the tests: OTLP/HTTP on the JDK's HTTP server or OTLP/gRPC
 * on grpc-java's Netty server, decoding each request with the OTLP protobuf classes. Answers
 * can be scripted (an HTTP status or gRPC status per request), and a gate can hold requests.
 */
final class OtlpReceiver implements AutoCloseable {

  /** One request as received, and the status it was answered with. */
  record Request(ExportLogsServiceRequest body, String contentEncoding, Map<String, List<String>> headers,
      int status) {
    List<LogRecord> records() {
      List<LogRecord> records = new ArrayList<>();
      for (ResourceLogs resource : body.getResourceLogsList()) {
        for (ScopeLogs scope : resource.getScopeLogsList()) {
          records.addAll(scope.getLogRecordsList());
        }
      }
      return records;
    }
  }

  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  /** Scripted answers, one per request, then 200 / OK. */
  private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
  private volatile CountDownLatch gate;
  private final CountDownLatch firstArrived = new CountDownLatch(1);
  /** One permit per request arrived (maybe held). */
  private final Semaphore arrived = new Semaphore(0);
  /** Requests being handled now (held or not), and the most there ever were at once. */
  private final AtomicInteger inside = new AtomicInteger();
  private final AtomicInteger mostInside = new AtomicInteger();
  private HttpServer http;
  /** Handles HTTP requests in parallel, as a collector does: several may be held at once. */
  private ExecutorService httpThreads;
  private Server grpc;
  /** Whether clients reach it over TLS ({@code https}). */
  private boolean tls;

  /** An OTLP/HTTP receiver on {@code port} (0: any free port). */
  static OtlpReceiver http(int port) throws IOException {
    return http(port, null);
  }

  /**
   * An OTLP/HTTPS receiver on any free port, with the test server certificate
   * ({@code tls/server.pem}), accepting only clients that present the test client certificate
   * ({@code tls/ca.pem}).
   */
  static OtlpReceiver https() throws Exception {
    X509KeyManager key = TlsUtil.keyManager(Files.readAllBytes(TestTls.file("server-key.pem")),
        Files.readAllBytes(TestTls.file("server.pem")));
    X509TrustManager clients = TlsUtil.trustManager(Files.readAllBytes(TestTls.file("ca.pem")));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {key}, new TrustManager[] {clients}, null);
    return http(0, context);
  }

  private static OtlpReceiver http(int port, SSLContext tls) throws IOException {
    OtlpReceiver receiver = new OtlpReceiver();
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    if (tls == null) {
      receiver.http = HttpServer.create(address, 0);
    } else {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters parameters = tls.getDefaultSSLParameters();
          parameters.setNeedClientAuth(true);
          params.setSSLParameters(parameters);
        }
      });
      receiver.http = https;
      receiver.tls = true;
    }
    receiver.http.createContext("/v1/logs", exchange -> {
      try (exchange) {
        InputStream in = exchange.getRequestBody();
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if ("gzip".equals(encoding)) {
          in = new GZIPInputStream(in);
        }
        ExportLogsServiceRequest body = ExportLogsServiceRequest.parseFrom(in.readAllBytes());
        int status = receiver.arrive(body, encoding, Map.copyOf(exchange.getRequestHeaders()));
        byte[] response = status == 200 ? ExportLogsServiceResponse.getDefaultInstance().toByteArray() : new byte[0];
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(status, response.length == 0 ? -1 : response.length);
        if (response.length > 0) {
          exchange.getResponseBody().write(response);
        }
      }
    });
    receiver.httpThreads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "otlp-receiver");
      t.setDaemon(true);
      return t;
    });
    receiver.http.setExecutor(receiver.httpThreads);
    receiver.http.start();
    return receiver;
  }

  /** An OTLP/gRPC receiver on any free port, with the LogsService registered by hand. */
  static OtlpReceiver grpc() throws IOException {
    return grpc(InsecureServerCredentials.create());
  }

  /** An OTLP/gRPC receiver over TLS with the certificates of {@link #https()}. */
  static OtlpReceiver grpcTls() throws Exception {
    return grpc(TlsServerCredentials.newBuilder()
        .keyManager(TestTls.file("server.pem").toFile(), TestTls.file("server-key.pem").toFile())
        .trustManager(TestTls.file("ca.pem").toFile())
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build());
  }

  private static OtlpReceiver grpc(ServerCredentials credentials) throws IOException {
    OtlpReceiver receiver = new OtlpReceiver();
    receiver.tls = credentials instanceof TlsServerCredentials;
    MethodDescriptor<ExportLogsServiceRequest, ExportLogsServiceResponse> export =
        MethodDescriptor.<ExportLogsServiceRequest, ExportLogsServiceResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("opentelemetry.proto.collector.logs.v1.LogsService/Export")
            .setRequestMarshaller(ProtoUtils.marshaller(ExportLogsServiceRequest.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(ExportLogsServiceResponse.getDefaultInstance()))
            .build();
    ServerServiceDefinition service = ServerServiceDefinition
        .builder("opentelemetry.proto.collector.logs.v1.LogsService")
        .addMethod(export, ServerCalls.asyncUnaryCall((request, observer) -> {
          int status = receiver.arrive(request, null, Map.of());
          if (status == 200) {
            observer.onNext(ExportLogsServiceResponse.getDefaultInstance());
            observer.onCompleted();
          } else {
            observer.onError(Status.UNAVAILABLE.withDescription("scripted " + status).asRuntimeException());
          }
        }))
        .build();
    receiver.grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
            credentials)
        .addService(service)
        .build()
        .start();
    return receiver;
  }

  private int arrive(ExportLogsServiceRequest body, String encoding, Map<String, List<String>> headers) {
    mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
    try {
      firstArrived.countDown();
      arrived.release();
      CountDownLatch g = gate;
      if (g != null) {
        try {
          g.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Integer answer = answers.poll();
      int status = answer == null ? 200 : answer;
      requests.add(new Request(body, encoding, headers, status));
      return status;
    } finally {
      // Before the answer is sent: a sender that waits for answers never sees this lag.
      inside.decrementAndGet();
    }
  }

  int port() {
    return http != null ? http.getAddress().getPort() : grpc.getPort();
  }

  /** The endpoint an exporter of this receiver's protocol sends to. */
  String endpoint() {
    String base = (tls ? "https" : "http") + "://127.0.0.1:" + port();
    return http != null ? base + "/v1/logs" : base;
  }

  /** Answers the next requests with these HTTP statuses (gRPC: UNAVAILABLE for non-200). */
  void answer(Integer... statuses) {
    answers.addAll(List.of(statuses));
  }

  /** Holds every request until {@link #open()}. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void open() {
    CountDownLatch g = gate;
    gate = null;
    if (g != null) {
      g.countDown();
    }
  }

  /** Waits until the first request arrived (maybe held). */
  void awaitFirstRequest() throws InterruptedException {
    if (!firstArrived.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no request arrived within 10 s");
    }
  }

  /** Waits until {@code n} more requests arrived (maybe held) than this method waited for before. */
  void awaitArrivals(int n) throws InterruptedException {
    if (!arrived.tryAcquire(n, 10, TimeUnit.SECONDS)) {
      throw new AssertionError(n + " requests did not arrive within 10 s");
    }
  }

  /**
   * Whether another request arrives within {@code window}: a bounded look for one that should
   * not come (a sender's limit holding it back), never a wait for one that should.
   */
  boolean arrivesWithin(java.time.Duration window) throws InterruptedException {
    return arrived.tryAcquire(window.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * The most requests this receiver was handling at once (held ones included). A request counts
   * from its arrival until just before its answer is sent, so a sender that sends the next batch
   * only once an answer came never adds to it: a deterministic bound on what was in flight,
   * whenever the sender would have sent more.
   */
  int mostAtOnce() {
    return mostInside.get();
  }

  /** The next request, waiting at most 10 s. */
  Request take() throws InterruptedException {
    Request request = requests.poll(10, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no request arrived within 10 s");
    }
    return request;
  }

  /** The requests received so far (without waiting). */
  List<Request> drain() {
    List<Request> list = new ArrayList<>();
    requests.drainTo(list);
    return list;
  }

  @Override
  public void close() {
    open();
    if (http != null) {
      http.stop(0);
      httpThreads.shutdownNow();
    }
    if (grpc != null) {
      grpc.shutdownNow();
      try {
        grpc.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

}
