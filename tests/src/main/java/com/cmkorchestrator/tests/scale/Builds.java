package com.cmkorchestrator.tests.scale;

import java.nio.file.Files;
import java.nio.file.Path;

/** The runnable jars the build made, found from the working directory (the repository or one of its modules). */
public final class Builds {

    private Builds() {
    }

    /** {@code emulator/target/cmk-emulator.jar}: {@code java -jar} starts the emulator. */
    public static Path emulatorJar() {
        return jar("emulator/target/cmk-emulator.jar", "mvn -pl emulator package -DskipTests");
    }

    /** {@code devhost/target/cmk-devhost.jar}: {@code java -jar} starts a development host. */
    public static Path devhostJar() {
        return jar("devhost/target/cmk-devhost.jar", "mvn -pl devhost -am package -DskipTests");
    }

    /** The {@code java} this JVM runs on, for the processes it starts. */
    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static Path jar(String relative, String build) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException("no " + relative + " at or above " + start + "; build it: " + build);
    }
}
