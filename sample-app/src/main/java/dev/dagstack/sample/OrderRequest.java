package dev.dagstack.sample;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /orders}. Fields are nullable here so that a missing one is reported
 * by {@link OrderService}'s validation, by name, rather than as a parse error.
 */
public record OrderRequest(
    String item,
    Integer quantity,
    @JsonProperty("card_token") String cardToken,
    @JsonProperty("card_cvv") String cardCvv) {

  /**
   * Masks the payment fields. Spring MVC's own DEBUG line ("Read "application/json" to
   * [OrderRequest[…]]"), which a debug-captured request writes, prints the request object, and
   * key-suffix redaction does not read message text; nor do application.yaml's text patterns
   * match this format (they match JSON and query strings).
   */
  @Override
  public String toString() {
    return "OrderRequest[item=" + item + ", quantity=" + quantity
        + ", cardToken=" + (cardToken == null ? null : "***")
        + ", cardCvv=" + (cardCvv == null ? null : "***") + "]";
  }
}
