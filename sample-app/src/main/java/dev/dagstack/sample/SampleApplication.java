package dev.dagstack.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The order service: a small Spring Boot application that logs through the dagstack logger
 * starter. Its {@code application.yaml} shows the properties; {@link OrderController} and
 * {@link OrderService} show the injected loggers.
 */
@SpringBootApplication
public class SampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
