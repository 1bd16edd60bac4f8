package dev.dagstack.logger.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The throttle's table when it is full: bounded, and scanned once per window end at most. */
class RefusalThrottleTest {

  private final AtomicLong nanos = new AtomicLong(1_000);

  @Test
  void aFullTableIsScannedOnlyWhenAWindowCanHaveEnded() {
    RefusalThrottle throttle = new RefusalThrottle(1, Duration.ofMinutes(1), nanos::get);
    // The first address one second before the rest: its window ends first.
    throttle.refused(address(0));
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
    for (int i = 1; i < RefusalThrottle.MAX_TRACKED; i++) {
      throttle.refused(address(i));
    }
    assertThat(throttle.purges()).isZero();

    // Full, and no window has ended: new addresses are throttled (fail closed), one scan in all.
    for (int i = 0; i < 1000; i++) {
      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
      assertThat(throttle.isThrottled("198.51.100." + (i % 250))).isTrue();
      throttle.refused("198.51.100." + (i % 250));
    }
    assertThat(throttle.purges()).isEqualTo(1);

    // The first window ends (60 s after it began): one scan frees its place, and only its.
    nanos.set(1_000 + TimeUnit.MINUTES.toNanos(1));
    assertThat(throttle.isThrottled("198.51.100.1")).isFalse();
    throttle.refused("198.51.100.1");
    assertThat(throttle.purges()).isEqualTo(2);
    assertThat(throttle.isThrottled("198.51.100.2")).isTrue();
    assertThat(throttle.purges()).isEqualTo(2);
    // The addresses tracked all along are still throttled.
    assertThat(throttle.isThrottled(address(1))).isTrue();
  }

  private static String address(int i) {
    return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
  }
}
