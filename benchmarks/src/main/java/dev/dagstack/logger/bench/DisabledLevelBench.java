package dev.dagstack.logger.bench;

import dev.dagstack.logger.Attrs;
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
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class DisabledLevelBench {

  private Path logDir;
  private DagstackStack dagstack;
  private LogbackStack logback;
  private Log4j2Stack log4j2;
  private dev.dagstack.logger.Logger dagstackLogger;
  private org.slf4j.Logger logbackLogger;
  private org.apache.logging.log4j.Logger log4j2Logger;

  @Setup(Level.Trial)
  public void setUp() {
    logDir = Extras.freshLogDir("disabled");
    dagstack = new DagstackStack(logDir.resolve("dagstack.jsonl"), OverflowPolicy.DROP_OLDEST);
    logback = new LogbackStack(logDir.resolve("logback.json"), false);
    log4j2 = new Log4j2Stack(logDir.resolve("log4j2.json"));
    dagstackLogger = dagstack.logger();
    logbackLogger = logback.logger();
    log4j2Logger = log4j2.logger();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    dagstack.stop();
    logback.stop();
    log4j2.stop();
    long written = Extras.countLines(logDir);
    Extras.delete(logDir);
    if (written != 0) {
      throw new IllegalStateException(written + " DEBUG records were written under INFO");
    }
  }

  @Benchmark
  public void dagstack(Producer p) {
    dagstackLogger.debug(Producer.MESSAGE, Attrs.of(
        Producer.ORDER_ID, p.nextOrderId(),
        Producer.QUANTITY, p.quantity(),
        Producer.ITEM, p.item,
        Producer.PRICE, p.price,
        Producer.PAID, p.paid()));
  }

  @Benchmark
  public void logback(Producer p) {
    logbackLogger.atDebug()
        .addKeyValue(Producer.ORDER_ID, p.nextOrderId())
        .addKeyValue(Producer.QUANTITY, p.quantity())
        .addKeyValue(Producer.ITEM, p.item)
        .addKeyValue(Producer.PRICE, p.price)
        .addKeyValue(Producer.PAID, p.paid())
        .log(Producer.MESSAGE);
  }

  @Benchmark
  public void log4j2(Producer p) {
    log4j2Logger.debug(new MapMessage<>(6)
        .with("message", Producer.MESSAGE)
        .with(Producer.ORDER_ID, p.nextOrderId())
        .with(Producer.QUANTITY, p.quantity())
        .with(Producer.ITEM, p.item)
        .with(Producer.PRICE, p.price)
        .with(Producer.PAID, p.paid()));
  }
}
