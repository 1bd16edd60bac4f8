package dev.dagstack.logger.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.dagstack.logger.context.ScopeContext;
import dev.dagstack.logger.context.ScopeState;
import dev.dagstack.logger.context.Taps;
import dev.dagstack.logger.diagnostic.EmitGuard;
import dev.dagstack.logger.sink.Sinks;
import dev.dagstack.logger.sink.Terminal;
import dev.dagstack.logger.sink.Timeouts;
import dev.dagstack.logger.viewer.FileFollower;
import dev.dagstack.logger.viewer.HostCheck;
import dev.dagstack.logger.viewer.ViewerApi;
import org.junit.jupiter.api.Test;

/**
 * The starter, and dagstack-logger-spring-boot-test (on this module's test classpath, package
 * {@code dev.dagstack.logger.spring.test}), reach the core through its supported API (issue 12):
 * no import of a core {@code internal} package, and of the core types that are public only for
 * another package or module ("Not part of the supported API"; the core's {@code PublicApiTest}
 * lists them) only those each module is named for — the starter: {@code ScopeContext} and
 * {@code ScopeState} (the Logback turbo filter), {@code HostCheck} and {@code ViewerApi} (the
 * viewer endpoint); the test module: {@code Taps} (record capture). Reads main classes only.
 */
class ArchitectureTest {

  private static final String TEST_MODULE = "dev.dagstack.logger.spring.test..";

  private static JavaClasses classes() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.dagstack.logger.spring");
  }

  @Test
  void noImportOfCoreInternals() {
    noClasses()
        .should().dependOnClassesThat().resideInAPackage("dev.dagstack.logger..internal..")
        .because("the core's internal packages are private to the core (issue 12)")
        .check(classes());
  }

  @Test
  void theStarterUsesOnlyTheUnsupportedCoreTypesNamedForIt() {
    noClasses().that().resideOutsideOfPackage(TEST_MODULE)
        .should().dependOnClassesThat().belongToAnyOf(
            Taps.class, EmitGuard.class, Sinks.class, Terminal.class, Timeouts.class,
            FileFollower.class)
        .because("these core types are public for another package or module only, not for"
            + " the starter (their Javadoc says so)")
        .check(classes());
  }

  @Test
  void theTestModuleUsesOnlyTheUnsupportedCoreTypesNamedForIt() {
    noClasses().that().resideInAPackage(TEST_MODULE)
        .should().dependOnClassesThat().belongToAnyOf(
            ScopeContext.class, ScopeState.class, EmitGuard.class, Sinks.class, Terminal.class,
            Timeouts.class, FileFollower.class, HostCheck.class, ViewerApi.class)
        .because("these core types are public for another package or module only, not for"
            + " dagstack-logger-spring-boot-test (their Javadoc says so)")
        .check(classes());
  }
}
