package dev.dagstack.sample;

import dev.dagstack.logger.Attrs;
import dev.dagstack.logger.Logger;
import dev.dagstack.logger.spring.LoggerName;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** {@code POST /orders}, {@code GET /orders/{id}} and the index page at {@code /}. */
@RestController
public class OrderController {

  static final String INDEX_PAGE = """
      <!doctype html>
      <html><head><title>order-service</title></head>
      <body>
      <h1>order-service</h1>
      <p>A dagstack logger sample. Endpoints:</p>
      <ul>
        <li><code>POST /orders</code> {"item": "book", "quantity": 2, "card_token": "tok_..."} &rarr; 201 {"id": "ord-1"}</li>
        <li><code>GET /orders/{id}</code> &rarr; 200 the order, or 404</li>
        <li><code>GET /actuator/health</code> &rarr; 200 {"status": "UP"}</li>
      </ul>
      </body></html>
      """;

  private final OrderService orders;
  private final Logger logger;

  public OrderController(OrderService orders, @LoggerName("order_service.api") Logger logger) {
    this.orders = orders;
    this.logger = logger;
  }

  @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
  public String index() {
    return INDEX_PAGE;
  }

  @PostMapping(value = "/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, String>> place(
      @RequestBody OrderRequest request, UriComponentsBuilder uri) {
    Order order = orders.place(request);
    Attrs.Builder attributes = Attrs.builder()
        .put("order.id", order.id())
        .put("order.item", order.item())
        .put("order.quantity", order.quantity())
        // Masked by the default _token suffix: no sink ever sees the value.
        .put("payment.card_token", request.cardToken());
    if (request.cardCvv() != null) {
      // Masked by the _cvv suffix that application.yaml adds.
      attributes.put("payment.card_cvv", request.cardCvv());
    }
    logger.info("order placed", attributes.build());
    return ResponseEntity.created(uri.path("/orders/{id}").build(order.id()))
        .body(Map.of("id", order.id()));
  }

  @GetMapping("/orders/{id}")
  public ResponseEntity<?> get(@PathVariable String id) {
    return orders.find(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> {
      logger.warn("order not found", Attrs.of("order.id", id));
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(
          HttpStatus.NOT_FOUND, "no order with id " + id);
      problem.setTitle("Order not found");
      return ResponseEntity.of(problem).build();
    });
  }
}
