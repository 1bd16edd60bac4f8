package dev.dagstack.logger.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Instants as a record's time_unix_nano: exact where a long holds them, 0 where it cannot. */
class ClockTest {

  @Test
  void anInstantIsItsNanosecondsSinceTheEpochOrZeroWhenTheFieldCannotHoldIt() {
    assertThat(Clock.unixNano(Instant.parse("2026-11-30T12:34:56.123456789Z")))
        .isEqualTo(1_796_042_096_123_456_789L);
    assertThat(Clock.unixNano(Instant.EPOCH)).isZero();
    assertThat(Clock.unixNano(Instant.ofEpochSecond(0, 1))).isEqualTo(1);
    long lastSecond = Long.MAX_VALUE / 1_000_000_000L - 1;
    assertThat(Clock.unixNano(Instant.ofEpochSecond(lastSecond, 999_999_999)))
        .isEqualTo(lastSecond * 1_000_000_000L + 999_999_999);
    // Beyond 2262-04-11 the nanoseconds would wrap into a wrong (even positive) time.
    assertThat(Clock.unixNano(Instant.ofEpochSecond(lastSecond + 1, 0))).isZero();
    assertThat(Clock.unixNano(Instant.MAX)).isZero();
    assertThat(Clock.unixNano(Instant.parse("1969-12-31T23:59:59Z"))).isZero();
    assertThat(Clock.unixNano(Instant.MIN)).isZero();
    assertThat(Clock.unixNano(null)).isZero();
    long before = System.currentTimeMillis() * 1_000_000L;
    assertThat(Clock.nowUnixNano()).isBetween(before - 1_000_000L,
        System.currentTimeMillis() * 1_000_000L + 1_000_000L);
  }
}
