package dev.dagstack.logger.otlp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * This module reaches the core only through its public packages (issue 12): no import of a
 * core {@code internal} package. Reads the module's compiled main classes only.
 */
class ArchitectureTest {

  @Test
  void noImportOfCoreInternals() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.dagstack.logger.otlp");
    noClasses()
        // ".." matches zero or more packages: dev.dagstack.logger.internal too.
        .should().dependOnClassesThat().resideInAPackage("dev.dagstack.logger..internal..")
        .because("the core's internal packages are private to the core (issue 12)")
        .check(classes);
  }
}
