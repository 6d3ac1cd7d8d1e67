package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.ports.EncryptedSecurityDomain;
import com.cmkorchestrator.core.ports.SecurityDomainStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Keeps a downloaded security domain in a file: {@code activation.destination} is an absolute path or a
 * {@code file:} URI. The file is created new, readable by its owner only; an existing one is never overwritten,
 * since it may be the only copy of another HSM's recovery material. Nothing of the content is ever logged.
 */
public final class FileSecurityDomainStore implements SecurityDomainStore {

    @Override
    public void validate(String destination) {
        path(destination);
    }

    @Override
    public void check(String destination, ArmId hsm) {
        Path file = path(destination);
        if (Files.exists(file)) {
            throw new IllegalArgumentException(file + " exists already and is never overwritten");
        }
    }

    @Override
    public void store(String destination, ArmId hsm, EncryptedSecurityDomain securityDomain) {
        Path file = path(destination);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, securityDomain.value(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("the security domain of " + hsm.resourceName() + " was not stored: "
                    + file + " exists already and is never overwritten", e);
        } catch (IOException e) {
            throw new UncheckedIOException("the security domain of " + hsm.resourceName() + " could not be stored at "
                    + file + ": " + e.getMessage(), e);
        }
    }

    private static Path path(String destination) {
        Path path = destination.startsWith("file:") ? Path.of(URI.create(destination)) : Path.of(destination);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("the security domain destination must be an absolute path or a file: URI,"
                    + " not '" + destination + "'");
        }
        return path;
    }
}
