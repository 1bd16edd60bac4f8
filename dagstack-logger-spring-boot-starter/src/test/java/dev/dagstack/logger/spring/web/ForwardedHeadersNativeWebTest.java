package dev.dagstack.logger.spring.web;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Tomcat's {@code RemoteIpValve}: X-Forwarded-For rewrites the address before any filter runs
 * when the peer is one of Tomcat's internal proxies (127/8 among them by default).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = ForwardedHeadersWebTest.TestApplication.class,
    properties = "server.forward-headers-strategy=native")
@DirtiesContext
class ForwardedHeadersNativeWebTest extends ForwardedHeadersWebTest {

  @Override
  boolean rewrites(String header) {
    return header.equals("X-Forwarded-For");
  }
}
