package dev.dagstack.sample;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.convention.Operation;
import dev.dagstack.logger.convention.OperationKind;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.spring.LoggerName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /orders}, {@code POST /orders/import}, {@code GET /orders/{id}} and the index page
 * at {@code /}. Each order is placed inside the operation {@code place_order}: every record of
 * it carries {@code operation.name} and {@code operation.id}, and the closing record its status
 * ({@code ok}, or {@code error} for a rejected order) and duration. An import runs inside the
 * operation {@code import_orders} and reports its progress in {@code items}.
 */
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
        <li><code>POST /orders/import</code> [{"item": "book", ...}, ...] &rarr; 200 {"imported": 2, "rejected": 1, "errors": [...]}</li>
        <li><code>GET /orders/{id}</code> &rarr; 200 the order, or 404</li>
        <li><code>GET /actuator/health</code> &rarr; 200 {"status": "UP"}</li>
      </ul>
      </body></html>
      """;

  private final OrderService orders;
  private final Logger logger;
  private final JsonMapper json;

  public OrderController(OrderService orders, @LoggerName("order_service.api") Logger logger,
      JsonMapper json) {
    this.orders = orders;
    this.logger = logger;
    this.json = json;
  }

  @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
  public String index() {
    return INDEX_PAGE;
  }

  @PostMapping(value = "/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, String>> place(
      @RequestBody OrderRequest request, UriComponentsBuilder uri) {
    Order order = placeOrder(request, Severity.INFO);
    return ResponseEntity.created(uri.path("/orders/{id}").build(order.id()))
        .body(Map.of("id", order.id()));
  }

  /**
   * Places each order of a JSON array inside the operation {@code import_orders}, reporting
   * progress per entry. An invalid entry is rejected on its own, named by its index.
   */
  @PostMapping(value = "/orders/import", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<?> importOrders(@RequestBody JsonNode body) {
    if (body == null || !body.isArray()) {
      // Logged like malformed JSON (OrderErrorHandler): the client sent something unusable.
      logger.warn("unreadable import request", Attrs.of("http.problem",
          "the body must be a JSON array of orders, got " + (body == null ? "nothing"
              : body.getNodeType().toString().toLowerCase(java.util.Locale.ROOT))));
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
          "the body must be a JSON array of orders");
      problem.setTitle("Malformed import");
      return ResponseEntity.of(problem).build();
    }
    int total = body.size();
    int imported = 0;
    List<Map<String, Object>> errors = new ArrayList<>();
    try (Operation operation = logger.operation("import_orders", OperationKind.ADMIN)) {
      for (int index = 0; index < total; index++) {
        try {
          OrderRequest request = readEntry(body.get(index));
          // One item of many: its operation records at DEBUG, so an import of 5,000 orders
          // writes the import's records at INFO, not 4 per item (its failures stay ERROR).
          placeOrder(request, Severity.DEBUG);
          imported++;
        } catch (InvalidOrderException e) {
          Map<String, Object> error = new LinkedHashMap<>();
          error.put("index", index);
          if (!e.field().isEmpty()) {
            error.put("field", e.field());
          }
          error.put("detail", e.getMessage());
          errors.add(error);
        } finally {
          operation.progress(index + 1, total, "items");
        }
      }
      logger.info("orders imported", Attrs.of("import.imported", imported,
          "import.rejected", errors.size()));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("imported", imported);
    result.put("rejected", errors.size());
    result.put("errors", errors);
    return ResponseEntity.ok(result);
  }

  /**
   * One import entry as an order request. An entry that is not one (not an object, a field of
   * the wrong type) is rejected with a warning; a readable one is validated when placed.
   */
  private OrderRequest readEntry(JsonNode entry) {
    String field = "";
    String detail = "the entry is not an order object";
    if (entry != null && entry.isObject()) {
      try {
        return json.treeToValue(entry, OrderRequest.class);
      } catch (JacksonException e) {
        if (e instanceof DatabindException databind && !databind.getPath().isEmpty()
            && databind.getPath().get(databind.getPath().size() - 1).getPropertyName() != null) {
          field = databind.getPath().get(databind.getPath().size() - 1).getPropertyName();
          detail = "field " + field + " has the wrong type";
        } else {
          detail = "the entry is not a valid order";
        }
      }
    }
    logger.warn("import entry rejected", Attrs.of("http.problem", detail));
    throw new InvalidOrderException(field, detail);
  }

  /**
   * Places one order inside the operation {@code place_order} (kind lifecycle), whose started
   * and completed records are at {@code severity}.
   */
  private Order placeOrder(OrderRequest request, int severity) {
    try (Operation operation = Operation.start(logger, "place_order", OperationKind.LIFECYCLE,
        severity)) {
      try {
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
        return order;
      } catch (InvalidOrderException e) {
        // An ERROR record with exception.type, exception.message and exception.stacktrace;
        // the operation's closing record then has operation.status=error and the exception's
        // type and message, but not the stack trace again (already logged in the operation).
        logger.exception(e, Attrs.of("order.field", e.field()));
        operation.fail(e);
        throw e;
      }
    }
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
