package com.cmkorchestrator.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found from the test's working directory (a module directory, under Maven). */
public final class RepoRoot {

    private RepoRoot() {
    }

    public static Path path() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("functions"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (pom.xml next to functions/) at or above " + start);
    }

    public static Path resolve(String relative) {
        return path().resolve(relative);
    }
}
