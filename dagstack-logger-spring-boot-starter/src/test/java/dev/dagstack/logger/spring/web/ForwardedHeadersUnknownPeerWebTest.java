package dev.dagstack.logger.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.sink.InMemorySink;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A server that applies forwarded headers itself ({@code native}) without telling the peer (here
 * Tomcat with the starter's peer valve taken out, as on Jetty or Undertow): the peer is
 * unknown and the address check fails closed, even for a direct request from an allowed address,
 * with a report that says why.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = ForwardedHeadersUnknownPeerWebTest.WithoutPeerValve.class,
    properties = {
      "server.forward-headers-strategy=native",
      "dagstack.logger.sinks.debug.type=in-memory",
      "dagstack.logger.web.debug.token=" + ForwardedHeadersWebTest.TOKEN,
      "dagstack.logger.web.debug.sinks=debug",
      "dagstack.logger.web.debug.allowed-addresses=127.0.0.1/32"
    })
@DirtiesContext
class ForwardedHeadersUnknownPeerWebTest {

  @LocalServerPort
  int port;

  @Autowired
  @Qualifier("dagstack.logger.sinks.debug")
  InMemorySink debugSink;

  @Test
  void theAddressCheckFailsClosedWhenTheServerHidesThePeer() throws Exception {
    Diagnostics.resetRateLimits();
    try (Diagnostics.Capture diagnostics = Diagnostics.capture()) {
      String response = LoopbackHttp.getFrom("127.0.0.1", port, "/whoami",
          "X-Request-Id: hidden-peer", "X-Dagstack-Debug: " + ForwardedHeadersWebTest.TOKEN);
      assertThat(response).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("X-Dagstack-Debug-Id");
      assertThat(debugSink.records()).noneMatch(r -> "hidden-peer".equals(r.attributes().get("request.id")));
      assertThat(diagnostics.messages()).singleElement().asString().contains(
          "debug capture refused for an unknown address", "peer address is unknown",
          "use framework");
    }
  }

  @Configuration(proxyBeanMethods = false)
  @Import(ForwardedHeadersWebTest.TestApplication.class)
  static class WithoutPeerValve {

    /** Runs after the starter's customizer and takes its valve out again. */
    @Bean
    WebServerFactoryCustomizer<TomcatWebServerFactory> removePeerAddressValve() {
      return new WebServerFactoryCustomizer<>() {
        @Override
        public void customize(TomcatWebServerFactory factory) {
          factory.setEngineValves(factory.getEngineValves().stream()
              .filter(valve -> !(valve instanceof PeerAddressValve)).toList());
        }
      };
    }
  }
}
