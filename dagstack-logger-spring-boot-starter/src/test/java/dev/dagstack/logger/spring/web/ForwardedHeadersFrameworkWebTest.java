package dev.dagstack.logger.spring.web;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** Boot's {@code ForwardedHeaderFilter}: both headers rewrite the address, from any peer. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = ForwardedHeadersWebTest.TestApplication.class,
    properties = "server.forward-headers-strategy=framework")
@DirtiesContext
class ForwardedHeadersFrameworkWebTest extends ForwardedHeadersWebTest {

  @Override
  boolean rewrites(String header) {
    return true;
  }
}
