package dev.dagstack.sample;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.spring.LoggerName;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;

/**
 * Turns bad requests into 400 responses with an RFC 9457 problem detail
 * ({@code application/problem+json}) whose {@code detail} says what is wrong.
 */
@RestControllerAdvice
public class OrderErrorHandler extends ResponseEntityExceptionHandler {

  private final Logger apiLogger;

  public OrderErrorHandler(@LoggerName("order_service.api") Logger apiLogger) {
    this.apiLogger = apiLogger;
  }

  /** The exception record was written inside the order's operation (OrderController). */
  @ExceptionHandler(InvalidOrderException.class)
  public ProblemDetail invalidOrder(InvalidOrderException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Invalid order");
    problem.setProperty("field", e.field());
    return problem;
  }

  /**
   * Malformed JSON or a value of the wrong type. The detail names the field when Jackson knows
   * it, and never echoes the request body (it may carry a card token).
   */
  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String detail = "request body is not valid JSON for an order";
    if (e.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
      String field = databind.getPath().get(databind.getPath().size() - 1).getPropertyName();
      if (field != null) {
        detail = "field " + field + " has the wrong type";
      }
    }
    apiLogger.warn("unreadable order request", Attrs.of("http.problem", detail));
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setTitle("Malformed request");
    return handleExceptionInternal(e, problem, headers, status, request);
  }
}
