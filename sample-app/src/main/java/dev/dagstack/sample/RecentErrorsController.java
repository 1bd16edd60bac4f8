package dev.dagstack.sample;

import dev.dagstack.logger.sink.Sink;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /errors/recent}: what the recent-errors sinks of application.yaml remember. */
@RestController
public class RecentErrorsController {

  private final List<RecentErrorsSink> sinks = new ArrayList<>();

  public RecentErrorsController(List<Sink> sinks) {
    for (Sink sink : sinks) {
      if (sink instanceof RecentErrorsSink recent) {
        this.sinks.add(recent);
      }
    }
  }

  @GetMapping("/errors/recent")
  public List<RecentErrorsSink.RecentError> recent() {
    List<RecentErrorsSink.RecentError> all = new ArrayList<>();
    sinks.forEach(sink -> all.addAll(sink.recent()));
    return all;
  }
}
