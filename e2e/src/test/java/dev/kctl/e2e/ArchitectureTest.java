package dev.kctl.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package rules of DESIGN.md, checked over every module's classes (this module is the one
 * that sees them all): kctl and kletd use only api, codec and client from core, and no packages
 * depend on each other in a cycle.
 */
class ArchitectureTest {
  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.kctl");

  @Test
  void cliAndNodeAgentUseOnlyApiCodecAndClientFromCore() {
    noClasses().that().resideInAnyPackage("dev.kctl.cli..", "dev.kctl.kletd..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.kctl.store..", "dev.kctl.apiserver..", "dev.kctl.controller..",
            "dev.kctl.scheduler..", "dev.kctl.server..", "dev.kctl.pki..")
        .check(CLASSES);
  }

  @Test
  void clientCodecAndApiDoNotReachIntoTheServer() {
    noClasses().that().resideInAnyPackage("dev.kctl.api..", "dev.kctl.codec..", "dev.kctl.client..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.kctl.store..", "dev.kctl.apiserver..", "dev.kctl.controller..",
            "dev.kctl.scheduler..", "dev.kctl.server..", "dev.kctl.pki..", "dev.kctl.cli..", "dev.kctl.kletd..")
        .check(CLASSES);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.kctl.(**)").should().beFreeOfCycles().check(CLASSES);
  }
}
