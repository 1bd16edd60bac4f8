package dev.dagstack.logger.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.slf4j.Logger;

/**
 * (c) Logback + logstash-logback-encoder, synchronous ({@code file}) and behind an AsyncAppender
 * ({@code async}). Attributes go through SLF4J 2 key-value pairs, which LogstashEncoder writes
 * as top-level JSON fields.
 */
public class LogbackBench extends StackBench {

  @Param({"file", "async"})
  public String appender;

  private LogbackStack stack;
  private Logger logger;

  @Setup(Level.Trial)
  @Override
  public void setUp() {
    logDir = Extras.freshLogDir("logback");
    stack = new LogbackStack(logDir.resolve("app.json"), appender.equals("async"));
    logger = stack.logger();
  }

  @Override
  long stop() {
    stack.stop();
    return 0;
  }

  @Override
  void emit(Producer p) {
    emit(logger, p);
  }

  @Override
  void flush() {
    stack.flush();
  }

  static void emit(Logger logger, Producer p) {
    logger.atInfo()
        .addKeyValue(Producer.ORDER_ID, p.nextOrderId())
        .addKeyValue(Producer.QUANTITY, p.quantity())
        .addKeyValue(Producer.ITEM, p.item)
        .addKeyValue(Producer.PRICE, p.price)
        .addKeyValue(Producer.PAID, p.paid())
        .log(Producer.MESSAGE);
  }
}
