package com.cmkorchestrator.emulator;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The emulator's folders tell its architecture only if no package reaches itself through others:
 * every package is one slice (the root package too, which {@code matching("..emulator.(**)")}
 * would leave out), and the slices must form no cycle.
 */
class ArchitectureTest {
    private static final String ROOT = "com.cmkorchestrator.emulator";

    /** Each package of the emulator is its own slice; classes outside it are not looked at. */
    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals(ROOT)) {
                return SliceIdentifier.of("(root)");
            }
            return name.startsWith(ROOT + ".") ? SliceIdentifier.of(name.substring(ROOT.length() + 1)) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "each package under " + ROOT;
        }
    };

    @Test
    void noPackageDependsOnItselfThroughOtherPackages() {
        JavaClasses emulator = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);

        slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(emulator);
    }
}
