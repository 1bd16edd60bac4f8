package dev.dagstack.logger.spring.web;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Records what the debug-capture address check needs before Tomcat's {@code RemoteIpValve}
 * ({@code server.forward-headers-strategy=native}) rewrites it: the connection's peer address
 * (attribute {@value RequestScopeFilter#PEER_ADDRESS_ATTRIBUTE}) and the {@code Forwarded} and
 * {@code X-Forwarded-For} lines as the client sent them (attribute
 * {@value RequestScopeFilter#FORWARDED_HEADERS_ATTRIBUTE}; the remote IP valve removes the hops
 * it consumed). Added as the first engine valve, ahead of the remote IP valve.
 */
public final class PeerAddressValve extends ValveBase {

  public PeerAddressValve() {
    super(true);
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    request.setAttribute(RequestScopeFilter.PEER_ADDRESS_ATTRIBUTE, request.getPeerAddr());
    request.setAttribute(RequestScopeFilter.FORWARDED_HEADERS_ATTRIBUTE, Map.of(
        RequestScopeFilter.FORWARDED, lines(request, RequestScopeFilter.FORWARDED),
        RequestScopeFilter.X_FORWARDED_FOR, lines(request, RequestScopeFilter.X_FORWARDED_FOR)));
    getNext().invoke(request, response);
  }

  private static List<String> lines(Request request, String name) {
    return List.copyOf(Collections.list(request.getHeaders(name)));
  }
}
