package dev.dagstack.logger.spring.boot;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.spring.LoggerName;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A small web application for the level, lifecycle and MDC tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({LevelApp.Orders.class, LevelApp.Lifecycle.class})
public class LevelApp {

  /** The dagstack-only logger name of the controller. */
  public static final String API = "order_service.api";
  /** The SLF4J logger name of the controller. */
  public static final String SLF4J = "com.example.levels.Slf4jOrders";

  @RestController
  static class Orders {
    private final Logger logger;
    private final org.slf4j.Logger slf4j = LoggerFactory.getLogger(SLF4J);

    Orders(@LoggerName(API) Logger logger) {
      this.logger = logger;
    }

    @GetMapping("/order")
    String order() {
      logger.debug("validating order");
      logger.info("order placed", Attrs.of("order.id", "A-1"));
      MDC.put("tenant.id", "t-1");
      MDC.put("session_token", "s3cr3t");
      try {
        slf4j.debug("slf4j validating");
        slf4j.info("slf4j placed");
      } finally {
        MDC.clear();
      }
      return "ok";
    }
  }

  @Component
  static class Lifecycle {
    private final org.slf4j.Logger slf4j = LoggerFactory.getLogger(Lifecycle.class);

    @PostConstruct
    void start() {
      slf4j.info("lifecycle bean started");
    }

    @PreDestroy
    void stop() {
      slf4j.info("lifecycle bean stopping");
    }
  }
}
