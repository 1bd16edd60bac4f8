package dev.dagstack.logger.otlp;

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
import dev.dagstack.logger.viewer.FileFollower;
import dev.dagstack.logger.viewer.HostCheck;
import dev.dagstack.logger.viewer.ViewerApi;
import org.junit.jupiter.api.Test;

/**
 * This module reaches the core through its supported API (issue 12): no import of a core
 * {@code internal} package, and of the core types that are public only for another package or
 * module ("Not part of the supported API"; the core's {@code PublicApiTest} lists them) only
 * those this module is named for: {@code Timeouts}. Reads the module's compiled main classes only.
 */
class ArchitectureTest {

  private static JavaClasses classes() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.dagstack.logger.otlp");
  }

  @Test
  void noImportOfCoreInternals() {
    noClasses()
        .should().dependOnClassesThat().resideInAPackage("dev.dagstack.logger..internal..")
        .because("the core's internal packages are private to the core (issue 12)")
        .check(classes());
  }

  @Test
  void noUseOfCoreTypesThatArePublicForOtherModulesOnly() {
    noClasses()
        .should().dependOnClassesThat().belongToAnyOf(
            ScopeContext.class, ScopeState.class, Taps.class,
            EmitGuard.class, Sinks.class, Terminal.class,
            FileFollower.class, HostCheck.class, ViewerApi.class)
        .because("these core types are public for another package or module only, not for"
            + " this one (their Javadoc says so)")
        .check(classes());
  }
}
