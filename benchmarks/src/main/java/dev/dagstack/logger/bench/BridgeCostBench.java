package dev.dagstack.logger.bench;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.spring.logback.DagstackAppender;
import dev.dagstack.logger.spring.logback.LogbackBridge;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Where a bridged record's caller-side time goes, without a file: the workload's SLF4J call into
 * Logback with an appender that only reads the event ({@code logback_event}: what SLF4J and
 * Logback cost before any appender works), the same call through the bridge as the starter
 * installs it ({@link LogbackBridge}: written by its turbo filter before Logback makes an event)
 * into a sink that only counts ({@code bridge}), the same through the {@link DagstackAppender}
 * alone, as when another appender also sees the event ({@code bridge_appender}), and the core
 * API's call into that sink ({@code core}). {@code bridge - core} is what the bridge adds to the
 * core path. The bridge's turbo filter is installed for all four (Logback asks it on every call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class BridgeCostBench {

  private CountingSink sink;
  private LoggerContext context;
  private org.slf4j.Logger logbackEvent;
  private org.slf4j.Logger bridge;
  private org.slf4j.Logger appenderOnly;
  private LogbackBridge installed;
  private Logger core;
  private ReadingAppender reading;

  /** Reads what the bridge reads of every event (Logback builds some of it lazily). */
  static final class ReadingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    Blackhole blackhole;
    long count;

    @Override
    protected void append(ILoggingEvent event) {
      count++;
      blackhole.consume(event.getInstant());
      blackhole.consume(event.getFormattedMessage());
      blackhole.consume(event.getThreadName());
      blackhole.consume(event.getKeyValuePairs());
      blackhole.consume(event.getMDCPropertyMap());
      blackhole.consume(event.getMarkerList());
      blackhole.consume(event.getThrowableProxy());
    }
  }

  @Setup(Level.Trial)
  public void setUp(Blackhole blackhole) {
    sink = new CountingSink();
    Logger.configure(LoggerConfiguration.builder()
        .rootLevel(Severity.INFO)
        .sinks(sink)
        .resourceAttribute("service.name", "bench")
        .build());
    core = Logger.get("bench.core");
    context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    context.reset();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        .setLevel(ch.qos.logback.classic.Level.INFO);
    reading = new ReadingAppender();
    reading.blackhole = blackhole;
    logbackEvent = attach("bench.logback", reading);
    appenderOnly = attach("bench.appender", new DagstackAppender());
    installed = new LogbackBridge(false, Map.of(BridgeBench.BridgeStack.LOGGER_NAME, Severity.INFO));
    installed.install();
    bridge = org.slf4j.LoggerFactory.getLogger(BridgeBench.BridgeStack.LOGGER_NAME);
  }

  private org.slf4j.Logger attach(String name, UnsynchronizedAppenderBase<ILoggingEvent> appender) {
    appender.setContext(context);
    appender.start();
    ch.qos.logback.classic.Logger logger = context.getLogger(name);
    logger.setAdditive(false);
    logger.addAppender(appender);
    return org.slf4j.LoggerFactory.getLogger(name);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    installed.uninstall();
    context.reset();
    Logger.reset();
    if (sink.count == 0 && reading.count == 0) {
      throw new IllegalStateException("no record reached the counting sink or the appender");
    }
  }

  @Benchmark
  public void logback_event(Producer p) {
    LogbackBench.emit(logbackEvent, p);
  }

  @Benchmark
  public void bridge(Producer p) {
    LogbackBench.emit(bridge, p);
  }

  @Benchmark
  public void bridge_appender(Producer p) {
    LogbackBench.emit(appenderOnly, p);
  }

  @Benchmark
  public void core(Producer p) {
    DagstackBench.emit(core, p);
  }
}
