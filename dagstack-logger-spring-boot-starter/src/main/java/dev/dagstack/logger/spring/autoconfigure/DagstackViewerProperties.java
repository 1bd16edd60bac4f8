package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.viewer.HostCheck;
import dev.dagstack.logger.viewer.ViewerApi;
import dev.dagstack.logger.viewer.ViewerBuffer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * {@code dagstack.logger.viewer.*}: the live log viewer on the actuator's management server, at
 * {@code <management base path>/logviewer} (the actuator endpoint {@code logviewer}; expose it
 * like any endpoint, e.g. {@code management.endpoints.web.exposure.include=logviewer}).
 */
public class DagstackViewerProperties {

  /** Turns the viewer on; off by default, and then the endpoint does not exist. */
  private boolean enabled;

  /** How many of the newest records the viewer holds in memory, 1..1000000; the oldest go first. */
  private int capacity = 10_000;

  /**
   * How much record heap the viewer holds at most (estimated; at least 1MB); the oldest records go
   * first, and what is pushed out is counted as dropped.
   */
  private DataSize maxBytes = DataSize.ofBytes(ViewerBuffer.DEFAULT_MAX_BYTES);

  /** How many pages may stream at once (each holds a management-server thread), 1..1000. */
  private int maxStreams = ViewerApi.DEFAULT_MAX_STREAMS;

  /**
   * The {@code Host} header values the viewer answers (against DNS rebinding): host names or
   * addresses with any port, {@code name:port}, {@code *.example.com}, or {@code *} to turn the
   * check off (e.g. behind a proxy that sets its own Host). Default: the loopback names.
   */
  private List<String> allowedHosts = new ArrayList<>(HostCheck.LOOPBACK);

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public DataSize getMaxBytes() {
    return maxBytes;
  }

  public void setMaxBytes(DataSize maxBytes) {
    this.maxBytes = maxBytes;
  }

  public int getMaxStreams() {
    return maxStreams;
  }

  public void setMaxStreams(int maxStreams) {
    this.maxStreams = maxStreams;
  }

  public List<String> getAllowedHosts() {
    return allowedHosts;
  }

  public void setAllowedHosts(List<String> allowedHosts) {
    this.allowedHosts = allowedHosts;
  }

  public int getCapacity() {
    return capacity;
  }

  public void setCapacity(int capacity) {
    this.capacity = capacity;
  }
}
