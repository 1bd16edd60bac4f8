package dev.dagstack.logger.spring.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import dev.dagstack.logger.Logger;
import dev.dagstack.logger.LoggerConfiguration;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.sink.InMemorySink;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The bridge across Logback's own configuration: a configuration applied again (a file reloaded
 * with {@code scan="true"}) and a {@code DagstackAppender} declared in it.
 */
class LogbackBridgeLifecycleTest {

  private static final String NAME = "com.example.lifecycle.Service";
  /** A Logback configuration's start: a console on the root, as Boot's default has. */
  private static final String CONSOLE_ON_ROOT = "<configuration><appender name='CONSOLE'"
      + " class='ch.qos.logback.core.ConsoleAppender'><encoder><pattern>%msg%n</pattern>"
      + "</encoder></appender><root level='INFO'><appender-ref ref='CONSOLE'/></root>";

  private final LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final InMemorySink sink = new InMemorySink(100);
  private final List<LogbackBridge> installed = new ArrayList<>();

  @BeforeEach
  void configure() {
    Logger.configure(LoggerConfiguration.builder().rootLevel(Severity.DEBUG).sinks(sink).build());
  }

  @AfterEach
  void restore() throws Exception {
    installed.forEach(LogbackBridge::uninstall);
    // Back to a console on the root, as the other tests of this JVM found Logback.
    configureLogback(CONSOLE_ON_ROOT + "</configuration>");
    Logger.reset();
  }

  private LogbackBridge install(boolean replaceConsole, Map<String, Integer> levels) {
    LogbackBridge bridge = new LogbackBridge(replaceConsole, levels);
    bridge.install();
    installed.add(bridge);
    return bridge;
  }

  @Test
  void aConfigurationAppliedAgainKeepsTheBridgeAttached() throws Exception {
    install(true, Map.of("com.example.lifecycle", Severity.DEBUG));
    // What a reload of a scanned logback-spring.xml does: reset, then configure from the file.
    configureLogback(CONSOLE_ON_ROOT
        + "<logger name='com.example.lifecycle' level='WARN'/></configuration>");

    assertThat(rootAppenders()).hasSize(1).allMatch(a -> a instanceof DagstackAppender);
    assertThat(logback.getTurboFilterList()).anyMatch(f -> f instanceof ScopeThresholdTurboFilter);
    LoggerFactory.getLogger(NAME).debug("still bridged, at the dagstack level");
    assertThat(sink.records()).extracting(LogRecord::body)
        .containsExactly("still bridged, at the dagstack level");
  }

  @Test
  void withoutAnInstalledBridgeAConfigurationIsLeftAsItIs() throws Exception {
    install(true, Map.of()).uninstall();
    configureLogback(CONSOLE_ON_ROOT + "</configuration>");
    assertThat(rootAppenders()).hasSize(1).allMatch(a -> a instanceof ConsoleAppender);
  }

  @Test
  void aDagstackAppenderDeclaredInTheConfigurationIsTheOneUsed() throws Exception {
    configureLogback("<configuration><appender name='MINE'"
        + " class='dev.dagstack.logger.spring.logback.DagstackAppender'/>"
        + "<root level='INFO'><appender-ref ref='MINE'/></root></configuration>");
    Appender<ILoggingEvent> declared = rootAppenders().get(0);
    install(true, Map.of());

    assertThat(rootAppenders()).containsExactly(declared);
    LoggerFactory.getLogger(NAME).info("written once");
    assertThat(sink.records()).extracting(LogRecord::body).containsExactly("written once");

    installed.remove(0).uninstall();
    // Part of the application's configuration: left attached and running.
    assertThat(rootAppenders()).containsExactly(declared);
    assertThat(declared.isStarted()).isTrue();
  }

  @Test
  void aDagstackAppenderBehindAnAsyncAppenderOnTheRootIsTheOneUsed() throws Exception {
    configureLogback("<configuration><appender name='MINE'"
        + " class='dev.dagstack.logger.spring.logback.DagstackAppender'/>"
        + "<appender name='ASYNC' class='ch.qos.logback.classic.AsyncAppender'>"
        + "<appender-ref ref='MINE'/></appender>"
        + "<root level='INFO'><appender-ref ref='ASYNC'/></root></configuration>");
    Appender<ILoggingEvent> async = rootAppenders().get(0);
    install(true, Map.of());
    assertThat(rootAppenders()).containsExactly(async);

    LoggerFactory.getLogger(NAME).info("written once, by the async worker");
    async.stop();  // drains its queue into the declared appender
    assertThat(sink.records()).extracting(LogRecord::body)
        .containsExactly("written once, by the async worker");
  }

  private void configureLogback(String xml) throws Exception {
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(logback);
    logback.reset();
    configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private List<Appender<ILoggingEvent>> rootAppenders() {
    List<Appender<ILoggingEvent>> all = new ArrayList<>();
    for (Iterator<Appender<ILoggingEvent>> it = logback.getLogger(
        org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders(); it.hasNext(); ) {
      all.add(it.next());
    }
    return all;
  }
}
