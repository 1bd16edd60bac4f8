package dev.dagstack.logger.spring.slice;

import static dev.dagstack.logger.spring.test.LogAssertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.spring.LoggerName;
import dev.dagstack.logger.spring.test.CaptureLogs;
import dev.dagstack.logger.spring.test.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.autoconfigure.json.JsonTest;

/** A {@code @JsonTest} gets {@link Logger} injection without importing anything. */
@JsonTest
@CaptureLogs
// Each context owns its logging, but this suite also tests the Logback bridge, which is
// process-wide and which a cached context keeps attached: close it after the class.
@DirtiesContext
class JsonSliceTest {

  @SpringBootConfiguration
  static class App {}

  @Autowired
  @LoggerName("slice.json")
  Logger logger;

  @Test
  void aLoggerIsInjectedAndWrites(CapturedLogs logs) {
    logger.info("serialised");

    assertThat(logs).hasRecordWithBody("serialised").fromLogger("slice.json").single();
  }
}
