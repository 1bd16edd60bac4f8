package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.convention.ConventionsConfig;
import dev.dagstack.logger.convention.OperationKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code dagstack.logger.operations.*}: operations and progress (spec §5.1, §5.3). */
public class DagstackOperationsProperties {

  /** Application-defined operation kinds, on top of indexing, query, lifecycle, hook, maintenance, admin. */
  private List<String> kinds = new ArrayList<>();

  /** The minimum time between two progress ticks of one operation (0 writes every tick). */
  private Duration progressInterval = ConventionsConfig.DEFAULT_PROGRESS_INTERVAL;

  private final Observations observations = new Observations();

  public List<String> getKinds() {
    return kinds;
  }

  public void setKinds(List<String> kinds) {
    this.kinds = kinds;
  }

  public Duration getProgressInterval() {
    return progressInterval;
  }

  public void setProgressInterval(Duration progressInterval) {
    this.progressInterval = progressInterval;
  }

  public Observations getObservations() {
    return observations;
  }

  /** {@code dagstack.logger.operations.observations.*}: Micrometer observations as operations. */
  public static class Observations {

    /** Whether Micrometer observations become operations. */
    private boolean enabled = true;

    /** Observation names made operations; * matches any run of characters. */
    private List<String> include = new ArrayList<>(List.of("*"));

    /**
     * Observation names never made operations (checked after include): by default the
     * high-volume low-level ones (security filter chains, JDBC/R2DBC statements, Redis and
     * MongoDB commands).
     */
    private List<String> exclude = new ArrayList<>(List.of("spring.security.*", "jdbc.*",
        "r2dbc.*", "lettuce.*", "spring.data.redis.*", "mongodb.*"));

    /** The operation.kind of an observation that kinds does not name. */
    private String kind = OperationKind.HOOK;

    /** operation.kind per observation name, e.g. http.server.requests=query. */
    private Map<String, String> kinds = new LinkedHashMap<>();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public List<String> getInclude() {
      return include;
    }

    public void setInclude(List<String> include) {
      this.include = include;
    }

    public List<String> getExclude() {
      return exclude;
    }

    public void setExclude(List<String> exclude) {
      this.exclude = exclude;
    }

    public String getKind() {
      return kind;
    }

    public void setKind(String kind) {
      this.kind = kind;
    }

    public Map<String, String> getKinds() {
      return kinds;
    }

    public void setKinds(Map<String, String> kinds) {
      this.kinds = kinds;
    }
  }
}
