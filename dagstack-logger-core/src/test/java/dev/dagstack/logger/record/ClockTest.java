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
    // The last instant a long holds, to the nanosecond; beyond it the nanoseconds would wrap
    // into a wrong (even positive) time.
    assertThat(Clock.unixNano(Instant.parse("2262-04-11T23:47:16.854775807Z")))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(Clock.unixNano(Instant.parse("2262-04-11T23:47:16.854775808Z"))).isZero();
    assertThat(Clock.unixNano(Instant.parse("2262-04-11T23:47:17Z"))).isZero();
    assertThat(Clock.unixNano(Instant.MAX)).isZero();
    assertThat(Clock.unixNano(Instant.parse("1969-12-31T23:59:59Z"))).isZero();
    assertThat(Clock.unixNano(Instant.MIN)).isZero();
    assertThat(Clock.unixNano(null)).isZero();
    long before = System.currentTimeMillis() * 1_000_000L;
    assertThat(Clock.nowUnixNano()).isBetween(before - 1_000_000L,
        System.currentTimeMillis() * 1_000_000L + 1_000_000L);
  }
}
