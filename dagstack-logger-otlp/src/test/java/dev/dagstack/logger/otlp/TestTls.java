package dev.dagstack.logger.otlp;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The test certificates and keys (src/test/resources/tls; see the README there). */
final class TestTls {

  private TestTls() {}

  static Path file(String name) {
    try {
      return Path.of(TestTls.class.getResource("/tls/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
