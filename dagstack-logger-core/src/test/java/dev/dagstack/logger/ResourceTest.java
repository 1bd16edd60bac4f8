package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Resource;
import dev.dagstack.logger.sink.InMemorySink;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The resource: {@code OTEL_RESOURCE_ATTRIBUTES}, {@code OTEL_SERVICE_NAME}, configured values. */
class ResourceTest {

  private final UnaryOperator<String> realEnvironment = Logger.environment;

  @AfterEach
  void tearDown() {
    Logger.environment = realEnvironment;
    Logger.reset();
  }

  private static UnaryOperator<String> env(Map<String, String> variables) {
    return variables::get;
  }

  @Test
  void configuredValuesWinOverServiceNameWhichWinsOverResourceAttributes() {
    Resource resource = EnvironmentResource.merge(
        Attrs.of("deployment.environment", "production"),
        env(Map.of("OTEL_RESOURCE_ATTRIBUTES",
                "service.name=from-attributes,deployment.environment=staging, team = payments ",
            "OTEL_SERVICE_NAME", "from-service-name")));
    assertThat(resource.attributes()).isEqualTo(Map.of(
        "service.name", "from-service-name",
        "deployment.environment", "production",
        "team", "payments"));
  }

  @Test
  void valuesArePercentDecodedAndBrokenEntriesAreReportedAndSkipped() {
    try (Diagnostics.Capture diagnostics = Diagnostics.capture()) {
      OutputStream previous = Diagnostics.redirect(new ByteArrayOutputStream());
      try {
        Resource resource = EnvironmentResource.merge(Attrs.empty(), env(Map.of(
            "OTEL_RESOURCE_ATTRIBUTES",
            "note=a%2Cb%3Dc+d,city=M%C3%BCnchen,broken,bad=%zz,,")));
        assertThat(resource.attributes()).isEqualTo(Map.of(
            "note", "a,b=c+d", "city", "München"));
        assertThat(diagnostics.messages()).hasSize(2)
            .anyMatch(m -> m.contains("'broken' is not key=value"))
            .anyMatch(m -> m.contains("'bad=%zz' has an invalid percent escape"));
      } finally {
        Diagnostics.redirect(previous);
      }
    }
  }

  @Test
  void noEnvironmentMeansOnlyTheConfiguredAttributes() {
    assertThat(EnvironmentResource.merge(Attrs.empty(), env(Map.of())))
        .isSameAs(Resource.empty());
  }

  @Test
  void configureStampsTheMergedResourceOnEveryRecord() {
    Logger.environment = env(Map.of("OTEL_SERVICE_NAME", "env-service",
        "OTEL_RESOURCE_ATTRIBUTES", "host.name=box1"));
    InMemorySink sink = new InMemorySink(10);
    Logger.configure(LoggerConfiguration.builder().sinks(sink)
        .resourceAttribute("service.version", "1.0.0").build());
    Logger.get("res").info("x");
    assertThat(sink.records().get(0).resource().attributes()).isEqualTo(Map.of(
        "service.name", "env-service", "host.name", "box1", "service.version", "1.0.0"));
  }
}
