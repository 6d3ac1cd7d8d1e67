package com.cmkorchestrator.devhost;

import com.cmkorchestrator.testsupport.ModuleClasses;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The development host's own classes (not the app's or the emulator's it runs): no cycles, the SDK in one place. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = ModuleClasses.mainAndTest();

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        ModuleClasses.checkNoPackageCycle(CLASSES);
    }

    /** The seeder makes the emulator's resources as a deployer would, through the SDK; the rest uses the app. */
    @Test
    void onlyTheSeederKnowsTheAzureSdk() {
        noClasses().that().doNotHaveFullyQualifiedName(AzureSeeder.class.getName())
                .should().dependOnClassesThat().resideInAPackage("com.azure..").check(CLASSES);
    }
}
