package com.cmkorchestrator.tests;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The suites' and benchmarks' own classes: no cycles; the end-to-end suites reach Azure only through the app. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .importPaths(Path.of("target", "classes"), Path.of("target", "test-classes"));

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("com.cmkorchestrator.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    /** The benchmark seeds its storage accounts through the SDK, as the development host's seeder does. */
    @Test
    void onlyTheBenchmarkSeedingKnowsTheAzureSdk() {
        noClasses().that().resideOutsideOfPackage("com.cmkorchestrator.tests.bench..")
                .should().dependOnClassesThat().resideInAPackage("com.azure..").check(CLASSES);
    }
}
