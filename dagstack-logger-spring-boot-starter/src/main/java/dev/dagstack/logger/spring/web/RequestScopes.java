package dev.dagstack.logger.spring.web;

import dev.dagstack.logger.context.LoggingScope;
import dev.dagstack.logger.record.Attrs;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * The per-request scope of both request filters ({@link RequestScopeFilter} and
 * {@link RequestScopeWebFilter}), built in one place so that the servlet and the WebFlux stack
 * cannot drift apart: the request id, the attributes, the echoed headers and the debug-capture
 * decision.
 */
final class RequestScopes {

  /** The longest request id taken from a request header. */
  static final int MAX_REQUEST_ID_LENGTH = 128;

  private RequestScopes() {}

  /**
   * The scope of a request that starts: {@code request.id} (the id presented under
   * {@code requestIdHeader} when well-formed, otherwise a new one), {@code http.request.method}
   * and {@code url.path}. The id is echoed on the response under {@code requestIdHeader}; a
   * request {@code debugCapture} admits also gets the lowered threshold and the debug sinks, and
   * its id under {@value DebugCapture#DEBUG_ID_HEADER}.
   *
   * @param setResponseHeader sets a response header (name, value)
   */
  static LoggingScope.Builder begin(DebugRequest request, String method, String path,
      String requestIdHeader, DebugCapture debugCapture,
      BiConsumer<String, String> setResponseHeader) {
    String requestId = requestId(request.header(requestIdHeader));
    LoggingScope.Builder scope = LoggingScope.builder().attributes(Attrs.of(
        "request.id", requestId,
        "http.request.method", method,
        "url.path", path));
    setResponseHeader.accept(requestIdHeader, requestId);
    if (debugCapture.admit(request)) {
      debugCapture.applyTo(scope);
      setResponseHeader.accept(DebugCapture.DEBUG_ID_HEADER, requestId);
    }
    return scope;
  }

  /** {@code presented} when it is a well-formed id, otherwise a new one. */
  static String requestId(String presented) {
    return isWellFormed(presented) ? presented : newRequestId();
  }

  /** 1-128 characters of {@code A-Z a-z 0-9 . _ : -}. */
  static boolean isWellFormed(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_REQUEST_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == ':' || c == '-';
      if (!safe) {
        return false;
      }
    }
    return true;
  }

  /** 32 random hex digits: unique enough to correlate, cheap to make (not a secret). */
  private static String newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String high = Long.toHexString(random.nextLong());
    String low = Long.toHexString(random.nextLong());
    return "0".repeat(16 - high.length()) + high + "0".repeat(16 - low.length()) + low;
  }
}
