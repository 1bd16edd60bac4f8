package dev.dagstack.logger.bench;

import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.message.MapMessage;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * (d) Log4j2 JsonTemplateLayout with synchronous loggers. Attributes travel in a
 * {@link MapMessage}, Log4j2's structured message: its typed {@code with(..)} methods keep
 * numbers and booleans as JSON numbers and booleans, and the body is its {@code message} entry.
 */
public class Log4j2Bench extends StackBench {

  /** The RandomAccessFile appender writes at its own position: its files are never emptied. */
  @Override
  boolean appendsToItsFiles() {
    return false;
  }

  private Log4j2Stack stack;
  private Logger logger;

  @Setup(Level.Trial)
  @Override
  public void setUp() {
    logDir = Extras.freshLogDir("log4j2");
    stack = new Log4j2Stack(logDir.resolve("app.json"));
    logger = stack.logger();
    if (stack.isAsync() != expectAsync()) {
      throw new IllegalStateException("log4j2.contextSelector is not what " + getClass().getSimpleName()
          + " expects (async=" + expectAsync() + ")");
    }
  }

  boolean expectAsync() {
    return false;
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
    logger.info(new MapMessage<>(6)
        .with("message", Producer.MESSAGE)
        .with(Producer.ORDER_ID, p.nextOrderId())
        .with(Producer.QUANTITY, p.quantity())
        .with(Producer.ITEM, p.item)
        .with(Producer.PRICE, p.price)
        .with(Producer.PAID, p.paid()));
  }
}
