package dev.dagstack.sample;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A placed order, as stored and as returned by {@code GET /orders/{id}}; no payment data. */
public record Order(
    String id,
    String item,
    int quantity,
    @JsonProperty("placed_at") Instant placedAt) {}
