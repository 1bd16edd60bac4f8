package dev.dagstack.logger.otlp;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Clock;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.BatchExporter;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The {@link OtlpSink}'s exporter: maps each batch to the SDK's {@link LogRecordData} on the
 * sink's worker and hands it to one of the SDK's OTLP exporters (which do the retries,
 * compression and TLS on their own threads), returning at once; the sink keeps up to
 * {@code maxConcurrentExports} batches in flight.
 *
 * <p>An SDK exporter in {@code REUSABLE_DATA} memory mode (the low-allocation marshalling the
 * sink uses) must not run two exports at once, so each batch in flight has an exporter of its
 * own: they are made as needed (one while batches go one at a time), kept in a pool, and all
 * shut down at close. Called by one thread (the worker); exports finish on the SDK's threads.
 */
final class OtlpExporter implements BatchExporter {

  /** Beyond this many distinct scopes the mapping cache starts over (loggers are few). */
  private static final int MAX_CACHED_SCOPES = 1024;

  private final Supplier<LogRecordExporter> factory;
  /** Exporters not exporting now. */
  private final ConcurrentLinkedQueue<LogRecordExporter> idle = new ConcurrentLinkedQueue<>();
  /** Every exporter made (for shutdown); made and read on the worker. */
  private final List<LogRecordExporter> made = new ArrayList<>();
  private final String target;
  /** How long to wait for one export, retries included, before counting it as failed. */
  private final long waitNanos;

  private dev.dagstack.logger.record.Resource lastResource;
  private Resource lastSdkResource;
  private final IdentityHashMap<InstrumentationScope, InstrumentationScopeInfo> scopes =
      new IdentityHashMap<>();
  private final OtlpAttributes.Keys keys = new OtlpAttributes.Keys();

  /**
   * @param factory makes an SDK exporter with the sink's settings; called once now (so bad
   *     settings fail the build) and again when more batches are in flight than exporters exist
   */
  OtlpExporter(Supplier<LogRecordExporter> factory, String target, long waitNanos) {
    this.factory = factory;
    this.target = target;
    this.waitNanos = waitNanos;
    LogRecordExporter first = factory.get();
    made.add(first);
    idle.add(first);
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
    for (LogRecord record : batch) {
      data.add(new OtlpLogRecordData(record, resource(record.resource()),
          scope(record.instrumentationScope()), OtlpAttributes.of(record.attributes(), keys), now));
    }
    LogRecordExporter exporter = idle.poll();
    if (exporter == null) {
      exporter = factory.get();
      made.add(exporter);
    }
    LogRecordExporter used = exporter;
    CompletableFuture<Void> outcome = new CompletableFuture<>();
    CompletableResultCode result;
    try {
      result = exporter.export(data);
    } catch (RuntimeException e) {
      idle.add(used);
      throw e;
    }
    result.whenComplete(() -> {
      // Back to the pool only once the SDK is done with it (its marshaller included).
      idle.add(used);
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
            ? new IOException("no answer from " + target + " within "
                + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms", error)
            : error));
  }

  /**
   * What went wrong, as the receiver said it: the HTTP status and message or the gRPC status and
   * description, else the underlying error (the SDK's wrapper alone names no cause).
   */
  static String describe(Throwable cause) {
    if (cause instanceof FailedExportException.HttpExportException http) {
      HttpResponse response = http.getResponse();
      if (response != null) {
        return "HTTP " + response.getStatusCode() + text(" ", response.getStatusMessage())
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
    List<CompletableResultCode> results = new ArrayList<>(made.size());
    for (LogRecordExporter exporter : made) {
      results.add(exporter.shutdown());
    }
    CompletableResultCode.ofAll(results).join(waitNanos, TimeUnit.NANOSECONDS);
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
