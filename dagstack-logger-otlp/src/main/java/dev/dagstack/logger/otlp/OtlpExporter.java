package dev.dagstack.logger.otlp;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Clock;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.BatchExporter;
import dev.dagstack.logger.sink.RecordSize;
import dev.dagstack.logger.wire.RecordTruncation;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfoBuilder;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link OtlpSink}'s exporter: maps each batch to the SDK's {@link LogRecordData} on the
 * sink's worker and hands it to the SDK's OTLP exporter (which does the retries, compression and
 * TLS on its own threads), returning at once; the sink keeps up to {@code maxConcurrentExports}
 * batches in flight.
 *
 * <p>One SDK exporter serves every batch in flight: its {@code export} only starts the send and
 * marshals each call with a marshaler of its own (in {@code REUSABLE_DATA} memory mode taken
 * from a concurrent pool and given back when that export completes), and its HTTP sender writes
 * each request on the sending thread. The HTTP sender runs on {@code senderThreads}, one thread
 * per batch in flight (its default pool would refuse sends beyond {@code max(processors, 5)}).
 * Called by one thread (the worker); exports finish on the SDK's threads.
 */
final class OtlpExporter implements BatchExporter {

  /** Beyond this many distinct scopes the mapping cache starts over (loggers are few). */
  private static final int MAX_CACHED_SCOPES = 1024;

  private final LogRecordExporter exporter;
  /** The HTTP sender's threads, shut down with the exporter; {@code null}: the sender's own. */
  private final ExecutorService senderThreads;
  private final String target;
  /** How long to wait for one export, retries included, before counting it as failed. */
  private final long waitNanos;
  /** The largest record sent whole, estimated ({@link OtlpSink.Builder#maxRecordBytes}). */
  private final int maxRecordBytes;

  private dev.dagstack.logger.record.Resource lastResource;
  private Resource lastSdkResource;
  private final IdentityHashMap<InstrumentationScope, InstrumentationScopeInfo> scopes =
      new IdentityHashMap<>();
  private final OtlpAttributes.Keys keys = new OtlpAttributes.Keys();

  /**
   * @param senderThreads what the SDK exporter sends on, shut down after it; {@code null} when
   *     it uses threads of its own
   */
  OtlpExporter(LogRecordExporter exporter, ExecutorService senderThreads, String target,
      long waitNanos, int maxRecordBytes) {
    this.exporter = exporter;
    this.senderThreads = senderThreads;
    this.target = target;
    this.waitNanos = waitNanos;
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * Threads for an SDK sender that sends each request on a thread of its own (the JDK HTTP
   * sender, retries included): up to {@code maxInFlight}, made as needed and ended when idle; a
   * send beyond them (the SDK still busy with a batch the sink gave up on) waits its turn.
   */
  static ExecutorService senderThreads(int maxInFlight, String sinkId) {
    int threads = Math.max(1, maxInFlight);
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "dagstack-otlp-" + sinkId);
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Override
  public void export(List<LogRecord> batch) throws IOException {
    try {
      exportAsync(batch).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while exporting " + target, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException
          ? (IOException) e.getCause() : new IOException(e.getCause());
    }
  }

  @Override
  public CompletableFuture<Void> exportAsync(List<LogRecord> batch) {
    long now = Clock.nowUnixNano();
    List<LogRecordData> data = new ArrayList<>(batch.size());
    for (LogRecord whole : batch) {
      LogRecord record = RecordSize.estimate(whole) > maxRecordBytes ? fit(whole) : whole;
      data.add(new OtlpLogRecordData(record, resource(record.resource()),
          scope(record.instrumentationScope()), OtlpAttributes.of(record.attributes(), keys), now));
    }
    CompletableFuture<Void> outcome = new CompletableFuture<>();
    CompletableResultCode result = exporter.export(data);
    result.whenComplete(() -> {
      if (result.isSuccess()) {
        outcome.complete(null);
      } else {
        Throwable cause = result.getFailureThrowable();
        outcome.completeExceptionally(new IOException("export " + target + " failed"
            + (cause == null ? " (see the OpenTelemetry exporter's log)" : ": " + describe(cause)),
            cause));
      }
    });
    // The SDK bounds each export by its timeout; this is the sink's own bound on top of it.
    return outcome.orTimeout(waitNanos, TimeUnit.NANOSECONDS).exceptionallyCompose(error ->
        CompletableFuture.failedFuture(error instanceof TimeoutException
            ? new IOException("the export " + target + " got no answer within "
                + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms", error)
            : error));
  }

  /**
   * {@code record} with its long strings cut, as little as a halving search finds, to within
   * {@link #maxRecordBytes}; reported. Strings are not cut below 64 characters: a record still
   * larger then (a list of 100,000 numbers) is sent as that, for the receiver to take or refuse.
   */
  private LogRecord fit(LogRecord record) {
    LogRecord cut = record;
    boolean fits = false;
    for (int limit = maxRecordBytes / 2; limit >= 64 && !fits; limit /= 2) {
      cut = RecordTruncation.cut(record, limit);
      fits = RecordSize.estimate(cut) <= maxRecordBytes;
    }
    // Say what happened: keys, the resource and the scope are never cut, so cutting the values
    // may not be enough (the receiver may then refuse the batch). Two rate-limit keys: a record
    // still too large is not hidden behind the reports of the cut ones.
    Diagnostics.warnLimited((fits ? "otlp-record-cut " : "otlp-record-too-large ") + target,
        "record larger than " + maxRecordBytes + " bytes (estimated) "
            + (fits ? "had its long strings cut" : "is larger even with its string values cut"
                + " (its keys or the number of its values); sent as that")
            + " before the export " + target,
        Attrs.of("logger.name", record.instrumentationScope().name()));
    return cut;
  }

  /**
   * What went wrong, as the receiver said it: the HTTP status and message or the gRPC status and
   * description, else the underlying error (the SDK's wrapper alone names no cause).
   */
  static String describe(Throwable cause) {
    if (cause instanceof FailedExportException.HttpExportException http) {
      HttpResponse response = http.getResponse();
      if (response != null) {
        String status = String.valueOf(response.getStatusCode());
        String message = response.getStatusMessage();
        // The JDK sender has no reason phrase and repeats the code as the message.
        return "HTTP " + status
            + (message != null && message.strip().equals(status) ? "" : text(" ", message))
            + text(": ", body(response.getResponseBody()));
      }
    } else if (cause instanceof FailedExportException.GrpcExportException grpc) {
      GrpcResponse response = grpc.getResponse();
      if (response != null) {
        return "gRPC status " + response.getStatusCode() + text(": ", response.getStatusDescription());
      }
    }
    if (cause instanceof FailedExportException && cause.getCause() != null) {
      Throwable inner = cause.getCause();
      // The senders' wrappers (a CompletionException around an UncheckedIOException) name
      // nothing; the error inside does (java.net.ConnectException, ...).
      while ((inner instanceof CompletionException || inner instanceof ExecutionException
          || inner instanceof UncheckedIOException) && inner.getCause() != null) {
        inner = inner.getCause();
      }
      return inner.getClass().getName() + text(": ", inner.getMessage());
    }
    return cause.toString();
  }

  /** Most characters of a response body shown: collectors answer a short status text. */
  private static final int MAX_BODY_CHARS = 200;

  private static String body(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}+", " ").strip();
    // A protobuf Status body is binary: show it only when it reads as text.
    if (text.chars().anyMatch(c -> c == 0xFFFD)) {
      return null;
    }
    return text.length() > MAX_BODY_CHARS ? text.substring(0, MAX_BODY_CHARS) + "..." : text;
  }

  private static String text(String separator, String value) {
    return value == null || value.isBlank() ? "" : separator + value.strip();
  }

  /** Attributes for the SDK's own types (resource, scope): a plain copy of the worker's view. */
  private Attributes sdkAttributes(Attrs attrs) {
    return OtlpAttributes.of(attrs, keys).toBuilder().build();
  }

  @Override
  public void shutdown() {
    try {
      exporter.shutdown().join(waitNanos, TimeUnit.NANOSECONDS);
    } finally {
      if (senderThreads != null) {
        senderThreads.shutdown();
      }
    }
  }

  @Override
  public String target() {
    return target;
  }

  /** Records of one process share one resource instance: one conversion, remembered. */
  private Resource resource(dev.dagstack.logger.record.Resource resource) {
    if (resource != lastResource) {
      lastSdkResource = Resource.create(sdkAttributes(resource.attributes()));
      lastResource = resource;
    }
    return lastSdkResource;
  }

  private InstrumentationScopeInfo scope(InstrumentationScope scope) {
    InstrumentationScopeInfo info = scopes.get(scope);
    if (info == null) {
      InstrumentationScopeInfoBuilder builder = InstrumentationScopeInfo.builder(scope.name());
      if (scope.version() != null) {
        builder.setVersion(scope.version());
      }
      if (!scope.attributes().isEmpty()) {
        builder.setAttributes(sdkAttributes(scope.attributes()));
      }
      info = builder.build();
      if (scopes.size() >= MAX_CACHED_SCOPES) {
        scopes.clear();
      }
      scopes.put(scope, info);
    }
    return info;
  }
}
