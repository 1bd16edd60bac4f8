package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public top-level types of the core (issue: "public types in core are only those a user
 * needs"). There is no JPMS module, so every public type is reachable by anyone; this list is the
 * core's API surface, reviewed type by type. Reads the compiled main classes only, relative to
 * {@value ArchitectureTest#BASE}.
 */
class PublicApiTest {

  /** What applications call or implement. */
  static final List<String> USER_API = List.of(
      "LogEvent",
      "Logger",
      "LoggerConfiguration",
      "LoggerProvider",
      "ReconfigureResult",
      "cli.Main",
      "context.LoggingScope",
      "context.OpenTelemetryTraceContext",
      "context.ScopeSnapshot",
      "context.TraceContext",
      "context.TraceContextProvider",
      "convention.AiAgentConfig",
      "convention.AiAgentEvents",
      "convention.AiAgentKeys",
      "convention.ConventionLogger",
      "convention.ConventionsConfig",
      "convention.EventSchema",
      "convention.EventSchemaException",
      "convention.EventSchemas",
      "convention.Operation",
      "convention.OperationKind",
      "convention.OperationSpans",
      "convention.OperationStatus",
      "convention.TypedEvents",
      "convention.ValidationMode",
      "diagnostic.Diagnostics",
      "processor.CompositeProcessor",
      "processor.EnrichProcessor",
      "processor.LogRecordProcessor",
      "processor.RateSampler",
      "processor.RedactionProcessor",
      "processor.TraceRatioSampler",
      "record.Attrs",
      "record.Clock",
      "record.FlushResult",
      "record.InstrumentationScope",
      "record.LogRecord",
      "record.Resource",
      "record.Severity",
      "record.ValueConverter",
      "redaction.RedactionConfig",
      "sink.BatchExporter",
      "sink.BatchingSink",
      "sink.ConsoleSink",
      "sink.DropReason",
      "sink.FileSink",
      "sink.InMemorySink",
      "sink.OverflowPolicy",
      "sink.RotationInterval",
      "sink.Sink",
      "viewer.ViewerBuffer",
      "viewer.ViewerServer",
      "wire.JsonLinesEncoder",
      "wire.JsonLinesParser",
      "wire.OtelJsonEncoder",
      "wire.OtelJsonParser",
      "wire.WireFormat",
      "wire.WireFormatException");

  /** Extension SPI: for authors of sinks, exporters, processors and trace-context providers. */
  static final List<String> EXTENSION_SPI = List.of(
      "record.HexIds",            // id checks for a custom TraceContextProvider or parser
      "record.Values",            // canonical values for a custom processor; setConverter
      "redaction.Redactor",       // redaction of records that bypassed a logger (files, wire)
      "redaction.UrlCredentials", // an endpoint's credentials masked wherever it is shown
      "sink.DropLedger",          // exact per-reason drop counts and their reporting
      "sink.RecordSize",          // the byte estimate the built-in buffers are bounded by
      "wire.PrettyFormatter",     // the console's human-readable line
      "wire.RecordEncoder",       // writing records in the wire formats
      "wire.RecordTruncation");   // the documented cut of an oversized record (spec §7.2)

  /**
   * Public only for another package or module of this project; each says "Not part of the
   * supported API" in its Javadoc.
   */
  static final List<String> PUBLIC_FOR_ANOTHER_PACKAGE_OR_MODULE_ONLY = List.of(
      "context.ScopeContext",     // root, convention, starter (Logback turbo filter)
      "context.ScopeState",       // root, convention, starter (Logback turbo filter)
      "context.Taps",             // root, viewer, spring-boot-test (@CaptureLogs)
      "diagnostic.EmitGuard",     // root, sink
      "sink.Sinks",               // root, context (the checked copy of a sink list)
      "sink.Terminal",            // cli
      "sink.Timeouts",            // root, otlp (a Duration as safe nanoseconds)
      "viewer.FileFollower",      // cli
      "viewer.HostCheck",         // starter
      "viewer.ViewerApi");        // cli, starter

  @Test
  void thePublicTypesAreExactlyTheListedOnes() {
    Set<String> expected = Stream.of(USER_API, EXTENSION_SPI,
            PUBLIC_FOR_ANOTHER_PACKAGE_OR_MODULE_ONLY)
        .flatMap(List::stream)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> actual = publicTopLevelTypes();

    Set<String> added = new TreeSet<>(actual);
    added.removeAll(expected);
    Set<String> gone = new TreeSet<>(expected);
    gone.removeAll(actual);
    assertThat(added)
        .as("public types of the core missing from PublicApiTest: adding a public type is an API"
            + " decision — add it to the list deliberately (user API, extension SPI, or public for"
            + " another module only, with a Javadoc that says so), or make it package-private")
        .isEmpty();
    assertThat(gone)
        .as("types listed in PublicApiTest that are no longer public (or gone): take them off the"
            + " list")
        .isEmpty();
  }

  @Test
  void theListsDoNotOverlap() {
    List<String> all = new ArrayList<>();
    all.addAll(USER_API);
    all.addAll(EXTENSION_SPI);
    all.addAll(PUBLIC_FOR_ANOTHER_PACKAGE_OR_MODULE_ONLY);
    assertThat(all).doesNotHaveDuplicates();
  }

  /** Names relative to the base package: {@code "Logger"}, {@code "sink.Sink"}, ... */
  private static Set<String> publicTopLevelTypes() {
    Set<String> names = new TreeSet<>();
    for (JavaClass type : new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ArchitectureTest.BASE)) {
      if (type.isTopLevelClass() && type.getModifiers().contains(JavaModifier.PUBLIC)
          && !type.getSimpleName().equals("package-info")) {
        names.add(type.getName().substring(ArchitectureTest.BASE.length() + 1));
      }
    }
    return names;
  }
}
