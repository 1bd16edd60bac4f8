package dev.dagstack.logger.convention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.record.Severity;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading schema files: the shape of CONTRACT §10.2, errors with file, line and column. */
class EventSchemasTest {

  private static EventSchemas parse(String source, String yaml) {
    return EventSchemas.parse(source, new StringReader(yaml));
  }

  @Test
  void readsEveryField() {
    EventSchemas schemas = parse("/etc/app/events/com.example.orders.yaml", """
        events:
          order_placed:
            schema_version: 1
            severity_hint: warn
            required_attributes: [order.id]
            optional_attributes:
              - order.total
            description: An order was accepted.
        """);
    EventSchema schema = schemas.find("com.example.orders", "order_placed").orElseThrow();
    assertThat(schema.schemaVersion()).isEqualTo(1L);
    assertThat(schema.severityHint()).isEqualTo(Severity.WARN);
    assertThat(schema.requiredAttributes()).containsExactly("order.id");
    assertThat(schema.optionalAttributes()).containsExactly("order.total");
    assertThat(schema.description()).isEqualTo("An order was accepted.");
    assertThat(schemas.find("com.example.orders", "other")).isEmpty();
  }

  @Test
  void theDomainKeyWinsOverTheFileName() {
    EventSchemas schemas = parse("events.yaml", "domain: com.example.shop\nevents: {}\n");
    assertThat(schemas.domains()).containsExactly("com.example.shop");
  }

  @Test
  void malformedYamlNamesFileLineAndProblem() {
    assertThatThrownBy(() -> parse("com.example.orders.yaml", """
        events:
          order_placed:
            required_attributes: [order.id
            description: oops
        """)).isInstanceOf(EventSchemaException.class)
        .hasMessageStartingWith("com.example.orders.yaml:4:")
        .hasMessageContaining("invalid YAML");
  }

  @Test
  void wrongShapesNameTheLineAndTheKey() {
    assertThatThrownBy(() -> parse("com.example.a.yaml", """
        events:
          order_placed:
            required_attributes: order.id
        """)).hasMessage("com.example.a.yaml:3:26: events.order_placed.required_attributes must"
            + " be a list of attribute names");
    assertThatThrownBy(() -> parse("com.example.a.yaml", """
        events:
          order_placed:
            severity: INFO
        """)).hasMessageStartingWith("com.example.a.yaml:3:5: unknown key 'severity' in"
            + " events.order_placed");
    assertThatThrownBy(() -> parse("com.example.a.yaml", """
        events:
          order_placed:
            severity_hint: LOUD
        """)).hasMessageStartingWith("com.example.a.yaml:3:20: events.order_placed.severity_hint:")
        .hasMessageContaining("LOUD");
    assertThatThrownBy(() -> parse("com.example.a.yaml", """
        events:
          order_placed:
            schema_version: 1
          order_placed:
            schema_version: 2
        """)).hasMessageStartingWith("com.example.a.yaml:4:3: event order_placed is defined"
            + " twice");
    assertThatThrownBy(() -> parse("com.example.a.yaml", "- a\n- b\n"))
        .hasMessage("com.example.a.yaml:1:1: the file must be a map");
    assertThatThrownBy(() -> parse("com.example.a.yaml", "domain: com.example.a\n"))
        .hasMessage("com.example.a.yaml:1:1: 'events' is missing");
  }

  @Test
  void reservedAndNonReverseDnsDomainsAreRefused() {
    assertThatThrownBy(() -> parse("x.yaml", "domain: progress\nevents: {}\n"))
        .hasMessage("x.yaml:1:9: domain 'progress' is reserved (dagstack.*, operation.*,"
            + " progress.*)");
    assertThatThrownBy(() -> parse("dagstack.internal.yaml", "events: {}\n"))
        .hasMessageContaining("domain 'dagstack.internal' is reserved");
    assertThatThrownBy(() -> parse("orders.yaml", "events: {}\n"))
        .hasMessageContaining("orders.yaml:1:1: domain 'orders' is not a reverse-DNS name")
        .hasMessageContaining("rename the file");
  }

  @Test
  void loadsDirectoriesAndRefusesADomainDefinedTwice(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("com.example.a.yaml"), "events:\n  e1: {}\n");
    Files.writeString(dir.resolve("second.yml"), "domain: com.example.b\nevents:\n  e2: {}\n");
    Files.writeString(dir.resolve("notes.txt"), "not a schema");
    EventSchemas schemas = EventSchemas.load(getClass().getClassLoader(),
        List.of(dir.toString()));
    assertThat(schemas.domains()).contains("com.example.a", "com.example.b", "dev.dagstack.test");

    Path other = Files.createDirectory(dir.resolve("other"));
    Files.writeString(other.resolve("again.yaml"), "domain: com.example.a\nevents: {}\n");
    assertThatThrownBy(() -> EventSchemas.load(getClass().getClassLoader(),
        List.of(dir.toString(), other.toString())))
        .hasMessageContaining("again.yaml:1: domain com.example.a is already defined by")
        .hasMessageContaining("com.example.a.yaml");
  }

  @Test
  void readsSchemaFilesInsideJarsOnTheClasspath(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("events.jar");
    try (java.util.jar.JarOutputStream out =
        new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new java.util.jar.JarEntry("META-INF/dagstack/events/com.example.jar.yaml"));
      out.write("events:\n  from_jar: {}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.closeEntry();
      out.putNextEntry(new java.util.jar.JarEntry("META-INF/dagstack/events/sub/ignored.yaml"));
      out.write("not: [valid".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.closeEntry();
    }
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(
        new java.net.URL[] {jar.toUri().toURL()}, null)) {
      EventSchemas schemas = EventSchemas.load(loader, List.of());
      assertThat(schemas.domains()).containsExactly("com.example.jar");
      assertThat(schemas.find("com.example.jar", "from_jar")).isPresent();
    }
  }

  @Test
  void aMissingLocationOrABrokenFileFailsTheConfiguration(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ConventionsConfig.builder()
        .schemaLocations(List.of(dir.resolve("nope").toString())).build())
        .isInstanceOf(EventSchemaException.class).hasMessageContaining("nope does not exist");
    assertThatThrownBy(() -> ConventionsConfig.builder()
        .schemaLocations(List.of("classpath:no/such/dir")).build())
        .hasMessageContaining("classpath:no/such/dir does not exist on the classpath");
    Path broken = Files.writeString(dir.resolve("com.example.c.yaml"), "events:\n  e: [\n");
    assertThatThrownBy(() -> ConventionsConfig.builder()
        .schemaLocations(List.of(broken.toString())).build())
        .hasMessageStartingWith(broken + ":3:");
  }
}
