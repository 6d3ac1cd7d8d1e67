package com.cmkorchestrator.tests;

import com.cmkorchestrator.testsupport.ModuleClasses;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The suites' and benchmarks' own classes: no cycles; the end-to-end suites reach Azure only through the app. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = ModuleClasses.mainAndTest();

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        ModuleClasses.checkNoPackageCycle(CLASSES);
    }

    /**
     * The benchmark seeds its storage accounts through the SDK, as the development host's seeder does; the fleet
     * suites' seeding does the same, and makes the changes other people make behind the app's back.
     */
    @Test
    void onlyTheSeedingKnowsTheAzureSdk() {
        noClasses().that().resideOutsideOfPackages("com.cmkorchestrator.tests.bench..",
                        "com.cmkorchestrator.tests.seeding..")
                .should().dependOnClassesThat().resideInAPackage("com.azure..").check(CLASSES);
    }
}
