package dev.dagstack.logger.spring.web;

import java.util.List;

/**
 * What {@link DebugCapture} reads of a request, whichever server stack it came through (the
 * servlet filter and the WebFlux filter each adapt theirs).
 */
interface DebugRequest {

  /** The first value of header {@code name}, or {@code null}. */
  String header(String name);

  /** Every value of header {@code name}, in order (each may itself be a comma-separated list). */
  List<String> headers(String name);

  /**
   * The address of the connection's peer as the server saw it, before any forwarded-header
   * handling rewrote it (an IP literal), or {@code null} when it cannot be known.
   */
  String peerAddress();
}
