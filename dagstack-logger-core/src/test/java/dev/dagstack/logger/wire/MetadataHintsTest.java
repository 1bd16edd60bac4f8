package dev.dagstack.logger.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import org.junit.jupiter.api.Test;

/** Metadata hints (spec §5.4) in the pretty format; the wire stays as it is. */
class MetadataHintsTest {

  private static String pretty(Attrs attributes, boolean color) {
    LogRecord record = LogRecord.builder().timeUnixNano(1_795_256_130_123_456_789L)
        .instrumentationScope(InstrumentationScope.of("app", null)).body("done")
        .attributes(attributes).build();
    String line = PrettyFormatter.format(record, color);
    return line.substring(line.indexOf(" | ") + 3);
  }

  @Test
  void durationsBytesAndTimestampsAreShownForPeople() {
    assertThat(pretty(Attrs.of("operation.duration_ms", 12_345, "a.duration_ms", 850,
        "b.duration_ms", 125_000, "c.duration_ms", 3_725_000), false)).isEqualTo(
            "a.duration_ms=850ms b.duration_ms=2m5s c.duration_ms=1h2m"
                + " operation.duration_ms=12.3s");
    assertThat(pretty(Attrs.of("file.bytes", 1_234_567, "small.bytes", 512,
        "huge.bytes", 3.5e12), false)).isEqualTo(
            "file.bytes=\"1.2 MB\" huge.bytes=\"3.5 TB\" small.bytes=\"512 B\"");
    assertThat(pretty(Attrs.of("created.timestamp", 1_795_256_130_123L,
        "seen.timestamp", 1_795_256_130L), false)).isEqualTo(
            "created.timestamp=2026-11-21T10:15:30.123Z seen.timestamp=2026-11-21T10:15:30Z");
  }

  @Test
  void valuesOfAnotherTypeAreShownAsTheyAreAndStringsUnderNumericHintsQuoted() {
    assertThat(pretty(Attrs.of("x.duration_ms", "slow", "y.bytes", true, "z.url", 42), true))
        .isEqualTo("x.duration_ms=\"slow\" y.bytes=true z.url=42");
    assertThat(pretty(Attrs.of("a.duration_ms", "12", "b.bytes", "512", "progress.eta_ms", "3",
        "progress.rate", "7"), false)).isEqualTo("a.duration_ms=\"12\" b.bytes=\"512\""
            + " progress.eta_ms=\"3\" progress.rate=\"7\"");
  }

  @Test
  void progressRateIsRoundedAndEtaIsADurationForPeopleOnly() {
    Attrs attributes = Attrs.of("progress.rate", 76791.23456, "progress.eta_ms", 95_000,
        "other.rate", 0.125);
    assertThat(pretty(attributes, false)).isEqualTo(
        "other.rate=0.125 progress.eta_ms=1m35s progress.rate=76791.23");
    assertThat(JsonLinesEncoder.encode(LogRecord.builder().timeUnixNano(1L)
        .instrumentationScope(InstrumentationScope.of("app", null)).body("done")
        .attributes(attributes).build()))
        .contains("\"progress.rate\":76791.23456").contains("\"progress.eta_ms\":95000");
  }

  @Test
  void urlsAreHyperlinksOnAColourTerminalOnly() {
    Attrs attributes = Attrs.of("docs.url", "https://example.com/a?b=1");
    assertThat(pretty(attributes, false)).isEqualTo("docs.url=\"https://example.com/a?b=1\"");
    assertThat(pretty(attributes, true)).isEqualTo("docs.url=\u001b]8;;https://example.com/a?b=1"
        + "\u001b\\https://example.com/a?b=1\u001b]8;;\u001b\\");
    // A value that could break the line or inject escapes is not linked.
    assertThat(pretty(Attrs.of("x.url", "http://a\u001b]8;;evil"), true))
        .isEqualTo("x.url=\"http://a\\u001b]8;;evil\"");
  }

  @Test
  void markdownAndCodeAreShortenedOnOneLine() {
    String code = "def f(x):\n    return x + 1\n\n" + "# filler ".repeat(20);
    String shown = pretty(Attrs.of("answer.code", code, "reply.markdown", "# Title\n\n*ok*"),
        false);
    assertThat(shown).startsWith("answer.code=\"def f(x): return x + 1 # filler # filler")
        .contains("…\" reply.markdown=\"# Title *ok*\"");
    String snippet = MetadataHints.snippet(code);
    assertThat(snippet).hasSize(MetadataHints.SNIPPET_LIMIT).endsWith("…").doesNotContain("\n");
  }
}
