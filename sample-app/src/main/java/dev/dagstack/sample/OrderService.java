package dev.dagstack.sample;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.Attrs;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Service;

/** Validates and stores orders, in memory. */
@Service
public class OrderService {

  /** The domain of the service's typed events (META-INF/dagstack/events/dev.dagstack.sample.yaml). */
  static final String EVENT_DOMAIN = "dev.dagstack.sample";

  private final Logger logger;
  private final Map<String, Order> orders = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  /** The logger is named after this class: {@code dev.dagstack.sample.OrderService}. */
  public OrderService(Logger logger) {
    this.logger = logger;
  }

  /**
   * Validates the request, stores the order and emits the typed event {@code order_placed}.
   *
   * @throws InvalidOrderException when a field is missing or out of range
   */
  public Order place(OrderRequest request) {
    validate(request);
    Order order = new Order(
        "ord-" + sequence.incrementAndGet(), request.item(), request.quantity(), Instant.now());
    orders.put(order.id(), order);
    logger.emitEvent(EVENT_DOMAIN, "order_placed", Attrs.of(
        "order.id", order.id(),
        "order.item", order.item(),
        "order.quantity", order.quantity()));
    return order;
  }

  /** Every order placed so far, in id order. */
  public java.util.List<Order> all() {
    return orders.values().stream()
        .sorted(java.util.Comparator.comparingLong(o -> Long.parseLong(o.id().substring(4))))
        .toList();
  }

  /** The order with {@code id}, if one was placed. */
  public Optional<Order> find(String id) {
    return Optional.ofNullable(orders.get(id));
  }

  private void validate(OrderRequest request) {
    // Below the configured INFO level: written only while a debug-captured request lowers it.
    logger.debug("validating order", Attrs.of(
        "order.item", request.item(),
        "order.quantity", request.quantity()));
    if (request.item() == null || request.item().isBlank()) {
      throw new InvalidOrderException("item", "item is required");
    }
    if (request.quantity() == null) {
      throw new InvalidOrderException("quantity", "quantity is required");
    }
    if (request.quantity() < 1) {
      throw new InvalidOrderException(
          "quantity", "quantity must be at least 1, was " + request.quantity());
    }
    if (request.cardToken() == null || request.cardToken().isBlank()) {
      throw new InvalidOrderException("card_token", "card_token is required");
    }
  }
}
