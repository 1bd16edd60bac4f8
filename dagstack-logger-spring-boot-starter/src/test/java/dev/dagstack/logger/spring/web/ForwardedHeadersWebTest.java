package dev.dagstack.logger.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.InMemorySink;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Forwarded headers against the debug-capture address check, over real Tomcat and HTTP from
 * chosen loopback addresses. Debug requests are allowed from 127.0.0.1 (and 10.1.0.0/16) only;
 * 127.0.0.2 is the one trusted proxy; the requests come from 127.0.0.2 (the proxy) or 127.0.0.3
 * (a client talking to the server directly). Each subclass runs them under one
 * {@code server.forward-headers-strategy}; the application itself sees the forwarded address
 * ({@code /whoami} echoes {@code getRemoteAddr()}), the address check does not.
 */
@TestPropertySource(properties = {
  "dagstack.logger.sinks.debug.type=in-memory",
  "dagstack.logger.web.debug.token=" + ForwardedHeadersWebTest.TOKEN,
  "dagstack.logger.web.debug.sinks=debug",
  "dagstack.logger.web.debug.allowed-addresses=127.0.0.1/32,10.1.0.0/16",
  "dagstack.logger.web.debug.trusted-proxies=127.0.0.2",
  "dagstack.logger.web.debug.refusal-window=1h",
})
abstract class ForwardedHeadersWebTest {

  static final String TOKEN = "fwd-s3cret";

  @LocalServerPort
  int port;

  @Autowired
  @Qualifier("dagstack.logger.sinks.debug")
  InMemorySink debugSink;

  @Autowired
  MeterRegistry meters;

  private Diagnostics.Capture diagnostics;

  @BeforeEach
  void captureDiagnostics() {
    Diagnostics.resetRateLimits();
    diagnostics = Diagnostics.capture();
  }

  @AfterEach
  void closeDiagnostics() {
    diagnostics.close();
  }

  /** Whether the strategy rewrites the remote address from {@code header}. */
  abstract boolean rewrites(String header);

  @Test
  void theApplicationSeesTheForwardedAddress() throws Exception {
    assertThat(body(LoopbackHttp.getFrom("127.0.0.3", port, "/whoami",
        "X-Forwarded-For: 127.0.0.1"))).isEqualTo(rewrites("X-Forwarded-For") ? "127.0.0.1" : "127.0.0.3");
    assertThat(body(LoopbackHttp.getFrom("127.0.0.3", port, "/whoami",
        "Forwarded: for=127.0.0.1"))).isEqualTo(rewrites("Forwarded") ? "127.0.0.1" : "127.0.0.3");
  }

  @Test
  void aForgedForwardedHeaderFromAnUntrustedPeerDoesNotPassTheAddressCheck() throws Exception {
    String response = LoopbackHttp.getFrom("127.0.0.3", port, "/whoami",
        "X-Request-Id: forged-fwd", "X-Dagstack-Debug: " + TOKEN, "Forwarded: for=127.0.0.1");
    assertRefused(response, "forged-fwd", "debug capture refused for 127.0.0.3");
    assertThat(diagnostics.messages()).anySatisfy(m -> assertThat(m).contains(
        "headers were ignored: the peer 127.0.0.3 is not in dagstack.logger.web.debug.trusted-proxies"));
  }

  @Test
  void aForgedXForwardedForFromAnUntrustedPeerDoesNotPassTheAddressCheck() throws Exception {
    String response = LoopbackHttp.getFrom("127.0.0.3", port, "/whoami",
        "X-Request-Id: forged-xff", "X-Dagstack-Debug: " + TOKEN, "X-Forwarded-For: 127.0.0.1");
    assertRefused(response, "forged-xff", "debug capture refused for 127.0.0.3");
  }

  @Test
  void theTrustedProxysForwardedHeaderIsBelieved() throws Exception {
    assertAccepted(LoopbackHttp.getFrom("127.0.0.2", port, "/whoami",
        "X-Request-Id: proxied-fwd", "X-Dagstack-Debug: " + TOKEN, "Forwarded: for=127.0.0.1"),
        "proxied-fwd");
    assertAccepted(LoopbackHttp.getFrom("127.0.0.2", port, "/whoami",
        "X-Request-Id: proxied-xff", "X-Dagstack-Debug: " + TOKEN, "X-Forwarded-For: 127.0.0.1"),
        "proxied-xff");
  }

  @Test
  void behindTheTrustedProxyTheClientItAppendedCountsNotWhatTheClientForged() throws Exception {
    // The client sent "X-Forwarded-For: 127.0.0.1"; the proxy appended the client's own address.
    String response = LoopbackHttp.getFrom("127.0.0.2", port, "/whoami",
        "X-Request-Id: spliced-xff", "X-Dagstack-Debug: " + TOKEN,
        "X-Forwarded-For: 127.0.0.1, 192.0.2.7");
    assertRefused(response, "spliced-xff", "debug capture refused for 192.0.2.7");
    // Headers that disagree (one of them forged) leave the client unknown.
    response = LoopbackHttp.getFrom("127.0.0.2", port, "/whoami",
        "X-Request-Id: disagree", "X-Dagstack-Debug: " + TOKEN,
        "Forwarded: for=127.0.0.1", "X-Forwarded-For: 192.0.2.7");
    assertThat(response).doesNotContainIgnoringCase("X-Dagstack-Debug-Id");
    assertThat(ofRequest(debugSink.records(), "disagree")).isEmpty();
  }

  @Test
  void repeatedRefusalsFromOneAddressAreThrottledAndCounted() throws Exception {
    double throttledBefore = meters.get("dagstack.logger.web.debug.throttled").functionCounter().count();
    double refusedBefore = meters.get("dagstack.logger.web.debug.refused").functionCounter().count();
    for (int i = 0; i < 5; i++) {
      LoopbackHttp.getFrom("127.0.0.2", port, "/whoami", "X-Dagstack-Debug: guess-" + i,
          "X-Forwarded-For: 10.1.0.5");
    }
    // The sixth, with the right token, is ignored unchecked; another client is not affected.
    String throttled = LoopbackHttp.getFrom("127.0.0.2", port, "/whoami",
        "X-Request-Id: throttled-1", "X-Dagstack-Debug: " + TOKEN, "X-Forwarded-For: 10.1.0.5");
    assertThat(throttled).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("X-Dagstack-Debug-Id");
    assertThat(ofRequest(debugSink.records(), "throttled-1")).isEmpty();
    assertAccepted(LoopbackHttp.getFrom("127.0.0.2", port, "/whoami",
        "X-Request-Id: other-client", "X-Dagstack-Debug: " + TOKEN, "X-Forwarded-For: 10.1.0.6"),
        "other-client");

    assertThat(meters.get("dagstack.logger.web.debug.refused").functionCounter().count())
        .isEqualTo(refusedBefore + 5);
    assertThat(meters.get("dagstack.logger.web.debug.throttled").functionCounter().count())
        .isEqualTo(throttledBefore + 1);
    assertThat(diagnostics.records()).filteredOn(r -> r.bodyText().contains("ignored without a check"))
        .singleElement().satisfies(r -> {
          assertThat(r.bodyText()).contains("10.1.0.5");
          assertThat(r.attributes().get("dagstack.debug.throttled_total")).isNotNull();
        });
  }

  private void assertAccepted(String response, String requestId) {
    assertThat(response).startsWith("HTTP/1.1 200")
        .containsIgnoringCase("X-Dagstack-Debug-Id: " + requestId);
    assertThat(ofRequest(debugSink.records(), requestId)).extracting(LogRecord::bodyText)
        .contains("whoami detail");
  }

  private void assertRefused(String response, String requestId, String diagnostic) {
    assertThat(response).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("X-Dagstack-Debug-Id");
    assertThat(ofRequest(debugSink.records(), requestId)).isEmpty();
    assertThat(diagnostics.messages()).anySatisfy(m -> assertThat(m).contains(diagnostic,
        "remote address not allowed"));
  }

  private static List<LogRecord> ofRequest(List<LogRecord> records, String requestId) {
    return records.stream().filter(r -> requestId.equals(r.attributes().get("request.id"))).toList();
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4).strip();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Controller.class)
  static class TestApplication {}

  @RestController
  static class Controller {
    private final Logger logger = Logger.get("forwarded.test");

    @GetMapping("/whoami")
    String whoami(HttpServletRequest request) {
      logger.debug("whoami detail");
      return request.getRemoteAddr();
    }
  }
}
