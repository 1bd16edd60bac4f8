package dev.dagstack.logger.otlp;

import dev.dagstack.logger.record.Clock;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.BatchExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfoBuilder;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@link OtlpSink}'s exporter: maps each batch to the SDK's {@link LogRecordData} and hands
 * it to the SDK's OTLP exporter (which does the retries, compression and TLS), waiting for the
 * outcome on the sink's worker thread. Used by one thread at a time.
 */
final class OtlpExporter implements BatchExporter {

  /** Beyond this many distinct scopes the mapping cache starts over (loggers are few). */
  private static final int MAX_CACHED_SCOPES = 1024;

  private final LogRecordExporter exporter;
  private final String target;
  /** How long to wait for one export, retries included, before counting it as failed. */
  private final long waitNanos;

  private dev.dagstack.logger.record.Resource lastResource;
  private Resource lastSdkResource;
  private final IdentityHashMap<InstrumentationScope, InstrumentationScopeInfo> scopes =
      new IdentityHashMap<>();

  OtlpExporter(LogRecordExporter exporter, String target, long waitNanos) {
    this.exporter = exporter;
    this.target = target;
    this.waitNanos = waitNanos;
  }

  @Override
  public void export(List<LogRecord> batch) throws IOException {
    long now = Clock.nowUnixNano();
    List<LogRecordData> data = new ArrayList<>(batch.size());
    for (LogRecord record : batch) {
      data.add(new OtlpLogRecordData(record, resource(record.resource()),
          scope(record.instrumentationScope()), now));
    }
    CompletableResultCode result = exporter.export(data).join(waitNanos, TimeUnit.NANOSECONDS);
    if (!result.isDone()) {
      throw new IOException("no answer from " + target + " within "
          + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms");
    }
    if (!result.isSuccess()) {
      Throwable cause = result.getFailureThrowable();
      throw new IOException("export " + target + " failed"
          + (cause == null ? " (see the OpenTelemetry exporter's log)" : ": " + cause), cause);
    }
  }

  @Override
  public void shutdown() {
    exporter.shutdown().join(waitNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public String target() {
    return target;
  }

  /** Records of one process share one resource instance: one conversion, remembered. */
  private Resource resource(dev.dagstack.logger.record.Resource resource) {
    if (resource != lastResource) {
      lastSdkResource = Resource.create(OtlpLogRecordData.attributes(resource.attributes()));
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
        builder.setAttributes(OtlpLogRecordData.attributes(scope.attributes()));
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
