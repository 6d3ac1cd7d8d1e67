package com.cmkorchestrator.devhost;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The development host's own classes (not the app's or the emulator's it runs): no cycles, the SDK in one place. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .importPaths(Path.of("target", "classes"), Path.of("target", "test-classes"));

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("com.cmkorchestrator.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    /** The seeder makes the emulator's resources as a deployer would, through the SDK; the rest goes through the app. */
    @Test
    void onlyTheSeederKnowsTheAzureSdk() {
        noClasses().that().doNotHaveFullyQualifiedName(AzureSeeder.class.getName())
                .should().dependOnClassesThat().resideInAPackage("com.azure..").check(CLASSES);
    }
}
