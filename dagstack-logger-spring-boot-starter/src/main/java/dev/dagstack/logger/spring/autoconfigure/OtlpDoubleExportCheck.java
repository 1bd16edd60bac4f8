package dev.dagstack.logger.spring.autoconfigure;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.LoggerFactory;

/**
 * Warns when Logback also hands records to OpenTelemetry (the OpenTelemetry Logback appender,
 * which is how Boot's own OTLP log export and the OTel SDK receive SLF4J records) while a
 * dagstack {@code otlp} sink exists: the SLF4J bridge routes the same events into the dagstack
 * logger, so each would reach the collector twice. Only loaded when Logback is present.
 */
final class OtlpDoubleExportCheck {

  static final String OTEL_APPENDER =
      "io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender";

  private static final Log LOG = LogFactory.getLog(OtlpDoubleExportCheck.class);

  private OtlpDoubleExportCheck() {}

  /** Names of the Logback appenders (as {@code logger/appender}) that export to OpenTelemetry. */
  static List<String> otelAppenders() {
    List<String> found = new ArrayList<>();
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return found;
    }
    for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        Appender<ILoggingEvent> appender = it.next();
        if (isOtelAppender(appender.getClass())) {
          found.add(logger.getName() + "/" + appender.getName());
        }
      }
    }
    return found;
  }

  private static boolean isOtelAppender(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(OTEL_APPENDER)) {
        return true;
      }
    }
    return false;
  }

  /** Logs a warning naming the sink and the appenders when both pipelines are set up. */
  static void warnIfDoubled(String sinkId) {
    List<String> appenders = otelAppenders();
    if (!appenders.isEmpty()) {
      LOG.warn("dagstack sink '" + sinkId + "' exports over OTLP, and Logback also has the"
          + " OpenTelemetry appender " + appenders + ": SLF4J records would reach the collector"
          + " twice. Remove the appender, or set dagstack.logger.bridge.slf4j.enabled=false.");
    }
  }
}
