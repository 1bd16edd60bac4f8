package dev.dagstack.logger.bench;

import ch.qos.logback.classic.LoggerContext;
import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.otlp.OtlpSink;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.DropReason;
import dev.dagstack.logger.sink.OverflowPolicy;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.slf4j.LoggerFactory;

/**
 * Shipping logs to an OTLP receiver: dagstack's {@code OtlpSink} (the core logger, the shared
 * delivery engine, the SDK's {@code OtlpHttpLogRecordExporter}) against the OpenTelemetry Java
 * SDK's own pipeline (an SLF4J/Logback logger, the OpenTelemetry Logback appender,
 * {@code BatchLogRecordProcessor}, the same exporter class), both sending OTLP/HTTP protobuf to
 * the same {@link OtlpReceiver} in this JVM, which decodes and counts every record. Same record
 * (body "order placed", five attributes), same batch size (512) and exporter settings.
 *
 * <ul>
 *   <li>{@code caller}: ns/op of one emit on the calling thread, with each stack's default
 *       buffer of 2048 records (dagstack drop_oldest; the SDK drops when its queue is full).
 *   <li>{@code delivered}: batches of {@link Batch#RECORDS} records, each followed by a flush
 *       ({@code forceFlush} for the SDK), so the rate counts records decoded at the receiver.
 *       Nothing may be lost: dagstack blocks on a full buffer; the SDK's queue is made large
 *       enough for a whole batch ({@code 2 × RECORDS}), as it has no blocking policy. The
 *       teardown prints emitted, delivered and lost.
 * </ul>
 */
@State(Scope.Benchmark)
public class OtlpBench {

  private static final String LOGGER = "bench.otlp";

  @Param({"dagstack", "otel-sdk"})
  public String stack;

  /**
   * dagstack's batches in flight at once ({@code OtlpSink}'s default 2); the SDK's
   * {@code BatchLogRecordProcessor} always exports one batch at a time.
   */
  @Param({"2"})
  public int concurrentExports;

  /**
   * Milliseconds the receiver waits before answering each request (a collector across a
   * network); 0, the default, is loopback as is.
   */
  @Param({"0"})
  public int roundTripMs;

  private OtlpReceiver receiver;
  private OtlpSink sink;
  private Logger dagstack;
  private SdkLoggerProvider provider;
  private org.slf4j.Logger slf4j;
  private long emittedAtStart;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    receiver = new OtlpReceiver(roundTripMs);
    emittedAtStart = Producer.emittedInFork();
    boolean delivered = params.getBenchmark().endsWith("delivered_1t");
    if (stack.equals("dagstack")) {
      sink = OtlpSink.builder().endpoint(receiver.endpoint())
          .overflow(delivered ? OverflowPolicy.BLOCK : OverflowPolicy.DROP_OLDEST)
          .maxConcurrentExports(concurrentExports)
          .build();
      Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.INFO).sinks(sink)
          .resourceAttribute("service.name", "bench").build());
      dagstack = Logger.get(LOGGER);
    } else {
      OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
          .setEndpoint(receiver.endpoint()).setMemoryMode(MemoryMode.REUSABLE_DATA).build();
      BatchLogRecordProcessor processor = BatchLogRecordProcessor.builder(exporter)
          .setMaxQueueSize(delivered ? 2 * Batch.RECORDS : 2048)
          .build();
      provider = SdkLoggerProvider.builder()
          .setResource(Resource.create(Attributes.of(
              io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), "bench")))
          .addLogRecordProcessor(processor).build();
      OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setLoggerProvider(provider).build();
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      context.reset();
      OpenTelemetryAppender appender = new OpenTelemetryAppender();
      appender.setContext(context);
      appender.setName("otel");
      appender.setCaptureKeyValuePairAttributes(true);
      appender.setOpenTelemetry(sdk);
      appender.start();
      ch.qos.logback.classic.Logger logger = context.getLogger(LOGGER);
      logger.setLevel(ch.qos.logback.classic.Level.INFO);
      logger.setAdditive(false);
      logger.addAppender(appender);
      slf4j = LoggerFactory.getLogger(LOGGER);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) {
    // The caller runs drop by design: their drops are counted and printed below.
    flush(true);
    long dropped = 0;
    if (sink != null) {
      sink.close();
      for (DropReason reason : DropReason.values()) {
        dropped += sink.droppedCount(reason);
      }
      Logger.reset();
    } else {
      provider.shutdown().join(1, TimeUnit.MINUTES);
      ((LoggerContext) LoggerFactory.getILoggerFactory()).reset();
    }
    long emitted = Producer.emittedInFork() - emittedAtStart;
    long delivered = receiver.records();
    receiver.close();
    System.out.printf("%n[otlp accounting] %s %s: emitted %d, delivered %d, dropped (counted) %d,"
        + " not delivered %d%n", params.getBenchmark(), stack, emitted, delivered, dropped,
        emitted - delivered);
  }

  private void emit(Producer p) {
    if (dagstack != null) {
      DagstackBench.emit(dagstack, p);
    } else {
      LogbackBench.emit(slf4j, p);
    }
  }

  private void flush(boolean dropsExpected) {
    if (sink != null) {
      FlushResult result = sink.flush(Duration.ofMinutes(1));
      if (!result.success() && !(dropsExpected && result.partial())) {
        throw new IllegalStateException("flush failed: " + result);
      }
    } else {
      CompletableResultCode result = provider.forceFlush().join(1, TimeUnit.MINUTES);
      if (!result.isSuccess()) {
        throw new IllegalStateException("forceFlush failed");
      }
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Threads(1)
  public void caller_1t(Producer p) {
    emit(p);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(Batch.RECORDS)
  @Threads(1)
  public void delivered_1t(Producer p) {
    for (int i = 0; i < Batch.RECORDS; i++) {
      emit(p);
    }
    flush(false);
  }
}
