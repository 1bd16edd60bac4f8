package dev.dagstack.logger.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalTest {

  @TempDir Path dir;

  @Test
  void noColorOrDumbTerminalTurnsColourOff() {
    assertThat(Terminal.colorAllowed(Map.of())).isTrue();
    assertThat(Terminal.colorAllowed(Map.of("TERM", "xterm-256color"))).isTrue();
    assertThat(Terminal.colorAllowed(Map.of("NO_COLOR", "1"))).isFalse();
    assertThat(Terminal.colorAllowed(Map.of("NO_COLOR", ""))).isTrue();
    assertThat(Terminal.colorAllowed(Map.of("TERM", "dumb"))).isFalse();
  }

  @Test
  void tellsTerminalDevicesFromFilesAndPipes() throws IOException {
    assertThat(Terminal.isTerminalDevice(Files.createSymbolicLink(dir.resolve("a"), Path.of("/dev/pts/3")))).isTrue();
    assertThat(Terminal.isTerminalDevice(Files.createSymbolicLink(dir.resolve("b"), Path.of("/dev/tty1")))).isTrue();
    assertThat(Terminal.isTerminalDevice(Files.createSymbolicLink(dir.resolve("c"), Path.of("/var/log/app.jsonl")))).isFalse();
    assertThat(Terminal.isTerminalDevice(Files.createSymbolicLink(dir.resolve("d"), Path.of("pipe:[1234]")))).isFalse();
    assertThat(Terminal.isTerminalDevice(dir.resolve("missing"))).isNull();
  }

  @Test
  void surefireOutputIsNotATerminal() {
    // Maven's forked test JVM writes standard output into a pipe.
    assertThat(Terminal.isTerminal(Terminal.STDOUT)).isFalse();
  }
}
