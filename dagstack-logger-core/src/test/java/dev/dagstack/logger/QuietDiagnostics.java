package dev.dagstack.logger;

import dev.dagstack.logger.diagnostic.Diagnostics;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For each test: sends the diagnostic channel's lines to a buffer instead of standard error,
 * captures its records, and afterwards resets the logger. Register with
 * {@code @RegisterExtension final QuietDiagnostics diagnostics = new QuietDiagnostics();}.
 */
final class QuietDiagnostics implements BeforeEachCallback, AfterEachCallback {

  private final ByteArrayOutputStream lines = new ByteArrayOutputStream();
  private OutputStream previousTarget;
  private Diagnostics.Capture capture;

  @Override
  public void beforeEach(ExtensionContext context) {
    lines.reset();
    previousTarget = Diagnostics.redirect(lines);
    capture = Diagnostics.capture();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    capture.close();
    Diagnostics.redirect(previousTarget);
    Logger.reset();
  }

  /** The reported messages (record bodies), oldest first. */
  List<String> messages() {
    return capture.messages();
  }

  /** The reported records. */
  List<dev.dagstack.logger.record.LogRecord> records() {
    return capture.records();
  }

  /** What the channel wrote, as text. */
  String lines() {
    return lines.toString(StandardCharsets.UTF_8);
  }
}
