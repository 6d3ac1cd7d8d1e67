package com.cmkorchestrator.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import java.nio.file.Path;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The compiled classes of the module a test runs in (its {@code target/classes} and {@code target/test-classes}, not
 * its dependencies'), as each module's architecture test reads them.
 */
public final class ModuleClasses {

    private ModuleClasses() {
    }

    public static JavaClasses main() {
        return new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    public static JavaClasses mainAndTest() {
        return new ClassFileImporter().importPaths(Path.of("target", "classes"), Path.of("target", "test-classes"));
    }

    /** Fails naming the cycle when a package of {@code classes} depends on itself through others. */
    public static void checkNoPackageCycle(JavaClasses classes) {
        slices().matching("com.cmkorchestrator.(**)").should().beFreeOfCycles().check(classes);
    }
}
