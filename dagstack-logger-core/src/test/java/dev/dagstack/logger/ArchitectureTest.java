package dev.dagstack.logger;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core's package layers (issue 12): no package cycle, no import of an {@code internal}
 * package from another package, and every dependency pointing down the layer order below.
 * Reads the compiled main classes only.
 */
class ArchitectureTest {

  static final String BASE = "dev.dagstack.logger";

  /**
   * The layers, lowest first: a package may use its own layer and those before it. Packages on
   * one line are one layer and do not use each other.
   */
  static final List<List<String>> LAYERS = List.of(
      List.of("record"),                  // LogRecord, Attrs, Severity, values, Resource, scope
      List.of("wire"),                    // codecs: canonical JSON lines, OTel JSON, pretty
      List.of("diagnostic"),              // the dagstack.logger.internal channel, emit guard
      List.of("processor", "redaction"),  // LogRecordProcessor SPI and built-ins; redaction config
      List.of("sink"),                    // Sink contract, batching engine, console/file/memory
      List.of("context"),                 // scopes, trace context, taps
      List.of("convention"),              // operations, typed events, AI-agent pack
      List.of(""),                        // Logger, LoggerConfiguration, LoggerProvider, pipeline
      List.of("viewer"),                  // the live log viewer
      List.of("cli"));                    // the operator's command line

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(BASE);
  }

  /** The package below {@link #BASE} ({@code ""} for the root, {@code "sink"}, ...). */
  static String subPackage(JavaClass type) {
    String pkg = type.getPackageName();
    return pkg.equals(BASE) ? "" : pkg.substring(BASE.length() + 1);
  }

  @Test
  void thePackagesHaveNoCycle() {
    SlicesRuleDefinition.slices()
        .assignedFrom(new SliceAssignment() {
          @Override
          public SliceIdentifier getIdentifierOf(JavaClass type) {
            return type.getPackageName().startsWith(BASE)
                ? SliceIdentifier.of(type.getPackageName())
                : SliceIdentifier.ignore();
          }

          @Override
          public String getDescription() {
            return "the packages of " + BASE;
          }
        })
        .should().beFreeOfCycles()
        .check(classes);
  }

  @Test
  void noPackageImportsAnotherPackagesInternals() {
    noClasses().that().resideOutsideOfPackage("..internal..")
        .should().dependOnClassesThat().resideInAPackage("..internal..")
        .because("internal packages are private to themselves (issue 12)")
        .check(classes);
  }

  @Test
  void everyDependencyPointsDownTheLayers() {
    Set<String> violations = new TreeSet<>();
    Set<String> unknown = new TreeSet<>();
    for (JavaClass type : classes) {
      int from = layerOf(subPackage(type));
      if (from < 0) {
        unknown.add(type.getPackageName());
        continue;
      }
      for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
        JavaClass target = dependency.getTargetClass();
        if (!target.getPackageName().startsWith(BASE)
            || target.getPackageName().equals(type.getPackageName())) {
          continue;
        }
        int to = layerOf(subPackage(target));
        if (to < 0 || to > from) {
          violations.add(dependency.getDescription());
        } else if (to == from) {
          violations.add("within one layer: " + dependency.getDescription());
        }
      }
    }
    assertThat(violations).as("dependencies on a higher layer").isEmpty();
    assertThat(unknown).as("packages missing from ArchitectureTest.LAYERS").isEmpty();
  }

  private static int layerOf(String subPackage) {
    for (int i = 0; i < LAYERS.size(); i++) {
      if (LAYERS.get(i).contains(subPackage)) {
        return i;
      }
    }
    return -1;
  }
}
