package dev.dagstack.logger.bench;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.OverflowPolicy;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.message.MapMessage;
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

/**
 * The cost of a DEBUG call under an INFO logger, written the way the enabled call is written
 * (no {@code isDebugEnabled()} guard): what an application pays for debug lines left in hot code.
 * Each method uses only its own stack's state, so each fork sets up one stack.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class DisabledLevelBench {

  /** A log folder that must stay empty: a DEBUG record written under INFO fails the run. */
  abstract static class EmptyLog {
    Path logDir;

    @Setup(Level.Trial)
    public void setUp() {
      logDir = Extras.freshLogDir("disabled");
      start(logDir.resolve("app.log"));
    }

    abstract void start(Path logFile);

    abstract void stop();

    @TearDown(Level.Trial)
    public void tearDown() {
      stop();
      long written = Extras.countLines(logDir);
      Extras.delete(logDir);
      if (written != 0) {
        throw new IllegalStateException(written + " DEBUG records were written under INFO");
      }
    }
  }

  @State(Scope.Benchmark)
  public static class Dagstack extends EmptyLog {
    DagstackStack stack;
    dev.dagstack.logger.Logger logger;

    @Override
    void start(Path logFile) {
      stack = new DagstackStack(logFile, OverflowPolicy.DROP_OLDEST);
      logger = stack.logger();
    }

    @Override
    void stop() {
      stack.stop();
    }
  }

  @State(Scope.Benchmark)
  public static class Bridge extends EmptyLog {
    BridgeBench.BridgeStack stack;
    org.slf4j.Logger logger;

    @Override
    void start(Path logFile) {
      stack = new BridgeBench.BridgeStack(logFile, OverflowPolicy.DROP_OLDEST);
      logger = stack.logger();
    }

    @Override
    void stop() {
      stack.stop();
    }
  }

  @State(Scope.Benchmark)
  public static class Logback extends EmptyLog {
    LogbackStack stack;
    org.slf4j.Logger logger;

    @Override
    void start(Path logFile) {
      stack = new LogbackStack(logFile, false);
      logger = stack.logger();
    }

    @Override
    void stop() {
      stack.stop();
    }
  }

  @State(Scope.Benchmark)
  public static class Log4j2 extends EmptyLog {
    Log4j2Stack stack;
    org.apache.logging.log4j.Logger logger;

    @Override
    void start(Path logFile) {
      stack = new Log4j2Stack(logFile);
      logger = stack.logger();
    }

    @Override
    void stop() {
      stack.stop();
    }
  }

  @Benchmark
  public void dagstack(Dagstack s, Producer p) {
    s.logger.debug(Producer.MESSAGE, Attrs.of(
        Producer.ORDER_ID, p.nextOrderId(),
        Producer.QUANTITY, p.quantity(),
        Producer.ITEM, p.item,
        Producer.PRICE, p.price,
        Producer.PAID, p.paid()));
  }

  /** The fluent API: a disabled level gets a no-op event, so nothing is built. */
  @Benchmark
  public void dagstack_fluent(Dagstack s, Producer p) {
    DagstackBench.emitFluent(s.logger.atDebug(), p);
  }

  /** The same call behind {@code isEnabled}: the attributes are never built. */
  @Benchmark
  public void dagstack_guarded(Dagstack s, Producer p) {
    if (s.logger.isEnabled(Severity.DEBUG)) {
      s.logger.debug(Producer.MESSAGE, Attrs.of(
          Producer.ORDER_ID, p.nextOrderId(),
          Producer.QUANTITY, p.quantity(),
          Producer.ITEM, p.item,
          Producer.PRICE, p.price,
          Producer.PAID, p.paid()));
    }
  }

  @Benchmark
  public void bridge(Bridge s, Producer p) {
    slf4jDebug(s.logger, p);
  }

  @Benchmark
  public void logback(Logback s, Producer p) {
    slf4jDebug(s.logger, p);
  }

  private static void slf4jDebug(org.slf4j.Logger logger, Producer p) {
    logger.atDebug()
        .addKeyValue(Producer.ORDER_ID, p.nextOrderId())
        .addKeyValue(Producer.QUANTITY, p.quantity())
        .addKeyValue(Producer.ITEM, p.item)
        .addKeyValue(Producer.PRICE, p.price)
        .addKeyValue(Producer.PAID, p.paid())
        .log(Producer.MESSAGE);
  }

  @Benchmark
  public void log4j2(Log4j2 s, Producer p) {
    s.logger.debug(new MapMessage<>(6)
        .with("message", Producer.MESSAGE)
        .with(Producer.ORDER_ID, p.nextOrderId())
        .with(Producer.QUANTITY, p.quantity())
        .with(Producer.ITEM, p.item)
        .with(Producer.PRICE, p.price)
        .with(Producer.PAID, p.paid()));
  }
}
