package dev.dagstack.logger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import dev.dagstack.logger.wire.OtelJsonEncoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The CLI's two wire formats: reading either, converting, validating, pretty-printing. */
class CliFormatTest {

  private static final LogRecord RECORD = LogRecord.builder().timeUnixNano(1795256130123456789L)
      .severityNumber(13).body("hello").attributes(Attrs.of("user.id", 42L, "tags", java.util.List.of("a")))
      .instrumentationScope(InstrumentationScope.of("svc", "1.0"))
      .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId("00f067aa0ba902b7").traceFlags(1).build();
  private static final String JSON = JsonLinesEncoder.encode(RECORD);
  private static final String OTEL = OtelJsonEncoder.encode(RECORD);

  private record Result(int exit, String out, String err) {}

  private static Result run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void canonicalizeConvertsBothWaysAndBackToTheSameBytes() {
    Result toOtel = run(JSON + "\n", "canonicalize", "--to", "otel-json");
    assertThat(toOtel.exit()).isZero();
    assertThat(toOtel.out()).isEqualTo(OTEL + "\n");
    Result back = run(toOtel.out(), "canonicalize", "--to=json");
    assertThat(back.out()).isEqualTo(JSON + "\n");
  }

  @Test
  void autoDetectionKeepsEachLinesFormatAndOrder() {
    Result result = run(OTEL + "\n" + JSON + "\n" + OTEL + "\n", "canonicalize");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo(OTEL + "\n" + JSON + "\n" + OTEL + "\n");
  }

  @Test
  void aForcedFormatRejectsTheOtherWithTheLineNumber() {
    Result result = run(OTEL + "\n" + JSON + "\n", "validate", "--format", "otel-json");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).isEqualTo("2 lines checked: 1 valid, 1 bad\n");
    assertThat(result.err()).startsWith("<stdin>:2: unknown field 'attributes'");
  }

  @Test
  void prettyRendersOtelJsonLikeJsonLines() {
    Result fromOtel = run(OTEL + "\n", "pretty", "--no-color");
    Result fromJson = run(JSON + "\n", "pretty", "--no-color");
    assertThat(fromOtel.out()).isEqualTo(fromJson.out()).contains("[WARN] svc: hello");
  }

  @Test
  void badFormatNamesAreUsageErrors() {
    Result result = run("", "canonicalize", "--to", "xml");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).startsWith("option --to: invalid wire format 'xml': expected one of json, otel-json");
    Result format = run("", "validate", "--format", "xml");
    assertThat(format.exit()).isEqualTo(2);
    assertThat(format.err())
        .startsWith("option --format: invalid wire format 'xml': expected one of auto, json, otel-json");
    assertThat(run("", "validate", "--to", "json").exit()).isEqualTo(2);
    assertThat(run("", "validate", "--format").err()).startsWith("option --format needs a value");
  }
}
