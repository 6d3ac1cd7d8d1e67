package com.cmkorchestrator;

import com.cmkorchestrator.testsupport.ModuleClasses;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout the README draws, checked on this module's compiled classes (its own {@code target/classes} and
 * {@code target/test-classes}, not the emulator's): no package cycles, the Azure SDK only in the adapters, the core on
 * nothing but itself, the composition root on top.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = ModuleClasses.main();
    private static final JavaClasses ALL = ModuleClasses.mainAndTest();

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        ModuleClasses.checkNoPackageCycle(MAIN);
    }

    /**
     * A test package and the main package of the same name are one package to Java but two parts here: the fakes
     * use the core and the core's tests use the fakes, which is no cycle of the code.
     */
    @Test
    void noTestPackageDependsOnItselfThroughOthers() {
        slices().assignedFrom(BY_SOURCE_SET_AND_PACKAGE).should().beFreeOfCycles().check(ALL);
    }

    /** The adapters translate the SDK for the ports; {@code state/azure} is the adapter of the app's own state. */
    @Test
    void onlyTheAdaptersKnowTheAzureSdk() {
        noClasses().that().resideOutsideOfPackages("com.cmkorchestrator.adapters..",
                        "com.cmkorchestrator.state.azure..")
                .should().dependOnClassesThat().resideInAPackage("com.azure..").check(MAIN);
    }

    /** Ports and adapters: the adapters implement what the core and the app declare, never the other way round. */
    @Test
    void nothingButTheCompositionRootDependsOnAnAdapter() {
        noClasses().that().resideInAnyPackage("com.cmkorchestrator.triggers..", "com.cmkorchestrator.app..",
                        "com.cmkorchestrator.core..", "com.cmkorchestrator.config..", "com.cmkorchestrator.retry..")
                .should().dependOnClassesThat().resideInAnyPackage("com.cmkorchestrator.adapters..",
                        "com.cmkorchestrator.state.azure..", "com.cmkorchestrator.state.memory..")
                .check(MAIN);
    }

    @Test
    void theCoreDependsOnNothingButItselfTheJdkAndJackson() {
        classes().that().resideInAPackage("com.cmkorchestrator.core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("com.cmkorchestrator.core..",
                        "com.cmkorchestrator.retry..", "java..", "javax..", "com.fasterxml.jackson..")
                .check(MAIN);
    }

    /** Only the platform (through the injector) and the development host reach into the composition root. */
    @Test
    void nothingInTheAppDependsOnItsCompositionRoot() {
        noClasses().that().resideOutsideOfPackage("com.cmkorchestrator.wiring..")
                .should().dependOnClassesThat().resideInAPackage("com.cmkorchestrator.wiring..").check(MAIN);
    }

    private static final SliceAssignment BY_SOURCE_SET_AND_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass type) {
            if (!type.getPackageName().startsWith("com.cmkorchestrator")) {
                return SliceIdentifier.ignore();
            }
            boolean test = type.getSource().map(source -> source.getUri().toString().contains("/test-classes/"))
                    .orElse(false);
            return SliceIdentifier.of((test ? "test " : "main ") + type.getPackageName());
        }

        @Override
        public String getDescription() {
            return "packages, main and test apart";
        }
    };
}
