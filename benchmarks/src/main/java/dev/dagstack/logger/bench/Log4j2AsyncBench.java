package dev.dagstack.logger.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * (d) Log4j2 JsonTemplateLayout with all loggers asynchronous (LMAX Disruptor ring buffer,
 * default size and a blocking full-queue policy, so nothing should be dropped; yet the
 * two-thread runs end with fewer lines in the file than were emitted, which the report shows
 * in its "lost" column: the cause is not known).
 */
@Fork(jvmArgsAppend = "-Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector")
public class Log4j2AsyncBench extends Log4j2Bench {

  @Override
  boolean expectAsync() {
    return true;
  }
}
