package dev.dagstack.logger.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The access decision shared by both filters, on requests described directly (the web tests run
 * the same decision over real Tomcat and Netty): forwarded-header parsing, trusted proxies,
 * throttling on an injected clock, the blank-token warning.
 */
class DebugCaptureDecisionTest {

  private static final String TOKEN = "t0ken";
  private final AtomicLong nanos = new AtomicLong(1_000);
  private Diagnostics.Capture diagnostics;

  @BeforeEach
  void capture() {
    Diagnostics.resetRateLimits();
    diagnostics = Diagnostics.capture();
  }

  @AfterEach
  void close() {
    diagnostics.close();
  }

  /** A request as a filter would describe it. */
  private record Request(String peer, String token, Map<String, List<String>> forwarded)
      implements DebugRequest {
    @Override
    public String header(String name) {
      return name.equals("X-Dagstack-Debug") ? token : null;
    }

    @Override
    public List<String> headers(String name) {
      return forwarded.getOrDefault(name, List.of());
    }

    @Override
    public String peerAddress() {
      return peer;
    }
  }

  private static Request from(String peer, String token, String... headerPairs) {
    Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.computeIfAbsent(headerPairs[i], k -> new java.util.ArrayList<>()).add(headerPairs[i + 1]);
    }
    return new Request(peer, token, headers);
  }

  private DebugCapture.Builder capture(String allowed, String trusted) {
    return DebugCapture.builder().token(TOKEN).nanoTime(nanos::get)
        .allowedAddresses(allowed == null ? List.of() : List.of(AddressRange.parse(allowed)))
        .trustedProxies(trusted == null ? List.of() : List.of(AddressRange.parse(trusted)));
  }

  @Test
  void forwardedNodesAreReadAsTheRfcWritesThem() {
    assertThat(ForwardedClients.forwarded(List.of(
        "for=192.0.2.60;proto=http;by=203.0.113.43, For=\"[2001:db8:cafe::17]:4711\"",
        "for=\"192.0.2.43:47011\", for=unknown, for=_hidden, proto=https")))
        .containsExactly("192.0.2.60", "2001:db8:cafe::17", "192.0.2.43", null, null, null);
    assertThat(ForwardedClients.xForwardedFor(List.of("203.0.113.195, 2001:db8::1", "10.0.0.1:8080,,x")))
        .containsExactly("203.0.113.195", "2001:db8::1", "10.0.0.1", null, null);
  }

  @Test
  void forwardedHeadersCountOnlyFromATrustedPeer() {
    DebugCapture capture = capture("10.0.0.0/8", "192.168.1.1").build();
    // An untrusted peer: its headers are ignored, its own address is checked.
    assertThat(capture.admit(from("203.0.113.9", TOKEN, "X-Forwarded-For", "10.0.0.5"))).isFalse();
    assertThat(capture.admit(from("203.0.113.9", TOKEN, "Forwarded", "for=10.0.0.5"))).isFalse();
    // The trusted proxy: the right-most hop that is not itself a trusted proxy is the client.
    assertThat(capture.admit(from("192.168.1.1", TOKEN, "X-Forwarded-For", "10.0.0.5, 192.168.1.1"))).isTrue();
    assertThat(capture.admit(from("192.168.1.1", TOKEN, "Forwarded", "for=10.0.0.5"))).isTrue();
    assertThat(capture.admit(from("192.168.1.1", TOKEN, "X-Forwarded-For", "10.0.0.5, 203.0.113.9"))).isFalse();
    // Not an IP literal, or the two headers disagreeing: unknown, which no range allows.
    assertThat(capture.admit(from("192.168.1.1", TOKEN, "Forwarded", "for=unknown"))).isFalse();
    assertThat(capture.admit(from("192.168.1.1", TOKEN, "Forwarded", "for=10.0.0.5",
        "X-Forwarded-For", "10.0.0.6"))).isFalse();
    assertThat(capture.admit(from("192.168.1.1", TOKEN, "Forwarded", "for=10.0.0.5",
        "X-Forwarded-For", "10.0.0.5"))).isTrue();
    // An unknown peer never passes an address check.
    Diagnostics.resetRateLimits();
    assertThat(capture.admit(from(null, TOKEN))).isFalse();
    assertThat(capture.admit(from("fe80::1%eth0", TOKEN))).isFalse();
    assertThat(diagnostics.messages()).anySatisfy(m -> assertThat(m).contains(
        "debug capture refused for an unknown address", "remote address not allowed"));
  }

  @Test
  void aRefusalReadsThePeerAddressOnceForTheDecisionAndItsHint() {
    DebugCapture capture = capture("10.0.0.0/8", null).build();
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    Request forwarded = from("203.0.113.9", TOKEN, "X-Forwarded-For", "10.0.0.5");
    DebugRequest counting = new DebugRequest() {
      @Override
      public String header(String name) {
        return forwarded.header(name);
      }

      @Override
      public List<String> headers(String name) {
        return forwarded.headers(name);
      }

      @Override
      public String peerAddress() {
        reads.incrementAndGet();
        return forwarded.peerAddress();
      }
    };
    assertThat(capture.admit(counting)).isFalse();
    assertThat(reads).hasValue(1);
    assertThat(diagnostics.messages()).filteredOn(m -> m.contains("refused")).singleElement()
        .asString().contains("the peer 203.0.113.9 is not in dagstack.logger.web.debug.trusted-proxies");
  }

  @Test
  void afterFiveRefusalsInAMinuteAnAddressIsIgnoredUncheckedUntilTheWindowEnds() {
    DebugCapture capture = capture(null, null).refusalLimit(5)
        .refusalWindow(Duration.ofMinutes(1)).build();
    for (int i = 0; i < 5; i++) {
      nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
      assertThat(capture.admit(from("203.0.113.9", "guess"))).isFalse();
    }
    assertThat(capture.refusedCount()).isEqualTo(5);
    // Throttled: even the right token is ignored, and not checked (no refusal counted).
    assertThat(capture.admit(from("203.0.113.9", TOKEN))).isFalse();
    assertThat(capture.throttledCount()).isEqualTo(1);
    assertThat(capture.refusedCount()).isEqualTo(5);
    // Another address is not affected.
    assertThat(capture.admit(from("203.0.113.10", TOKEN))).isTrue();
    // The window began with the first refusal (20 s ago): still throttled 55 s in, checked
    // again from 60 s.
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(35));
    assertThat(capture.admit(from("203.0.113.9", TOKEN))).isFalse();
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
    assertThat(capture.admit(from("203.0.113.9", TOKEN))).isTrue();
    assertThat(capture.throttledCount()).isEqualTo(2);
    assertThat(diagnostics.records()).filteredOn(r -> r.bodyText().contains("ignored without a check"))
        .singleElement().satisfies(r -> {
          assertThat(r.severityNumber()).isEqualTo(Severity.WARN);
          assertThat(r.attributes()).containsEntry("client.address", "203.0.113.9");
        });
  }

  @Test
  void aLimitOfZeroNeverThrottlesAndBadLimitsAreRejected() {
    DebugCapture capture = capture(null, null).refusalLimit(0)
        .refusalWindow(Duration.ofMinutes(1)).build();
    for (int i = 0; i < 50; i++) {
      capture.admit(from("203.0.113.9", "guess"));
    }
    assertThat(capture.admit(from("203.0.113.9", TOKEN))).isTrue();
    assertThat(capture.throttledCount()).isZero();
    assertThatThrownBy(() -> DebugCapture.builder().refusalLimit(-1))
        .hasMessageContaining("got -1");
    assertThatThrownBy(() -> DebugCapture.builder().refusalWindow(Duration.ZERO))
        .hasMessageContaining("must be positive");
  }

  @Test
  void aSprayOfAddressesCannotPushOutTheThrottledOnes() {
    DebugCapture capture = capture(null, null).refusalLimit(1)
        .refusalWindow(Duration.ofMinutes(1)).build();
    capture.admit(from("203.0.113.9", "guess"));
    for (int i = 0; i < RefusalThrottle.MAX_TRACKED + 10; i++) {
      capture.admit(from("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), "guess"));
    }
    assertThat(capture.admit(from("203.0.113.9", TOKEN))).isFalse();
    // Past the table's size, new addresses are throttled too (fail closed) until windows end.
    assertThat(capture.admit(from("198.51.100.1", TOKEN))).isFalse();
    nanos.addAndGet(TimeUnit.MINUTES.toNanos(1));
    assertThat(capture.admit(from("198.51.100.1", TOKEN))).isTrue();
  }

  @Test
  void aBlankTokenWarnsOnceNamingThePropertyAndKeepsCaptureOff() {
    DebugCapture capture = DebugCapture.builder().token("  ").build();
    assertThat(diagnostics.messages()).singleElement().asString()
        .contains("dagstack.logger.web.debug.token is set but blank");
    assertThat(capture.admit(from("127.0.0.1", "  "))).isFalse();
    DebugCapture.builder().token(null).build();
    assertThat(diagnostics.messages()).filteredOn(m -> m.contains("blank")).hasSize(1);
  }
}
