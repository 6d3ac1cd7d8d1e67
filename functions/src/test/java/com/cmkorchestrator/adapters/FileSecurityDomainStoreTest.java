package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.ports.EncryptedSecurityDomain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSecurityDomainStoreTest {

    @TempDir
    Path dir;
    private final FileSecurityDomainStore store = new FileSecurityDomainStore();
    private final EncryptedSecurityDomain domain = new EncryptedSecurityDomain("{\"EncData\": \"secret\"}");

    @Test
    void writesTheSecurityDomainReadableByItsOwnerOnly() throws Exception {
        Path file = dir.resolve("hsm/sd.json");

        store.store(file.toString(), Scenario.HSM, domain);

        assertThat(file).hasContent("{\"EncData\": \"secret\"}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void acceptsAFileUri() {
        Path file = dir.resolve("sd.json");

        store.store(file.toUri().toString(), Scenario.HSM, domain);

        assertThat(file).exists();
    }

    @Test
    void neverOverwritesAnExistingCopy() throws Exception {
        Path file = dir.resolve("sd.json");
        Files.writeString(file, "the only copy");

        assertThatThrownBy(() -> store.store(file.toString(), Scenario.HSM, domain))
                .hasMessageContaining("exists already").hasMessageNotContaining("secret");
        assertThat(file).hasContent("the only copy");
    }

    @Test
    void refusesARelativeDestination() {
        assertThatThrownBy(() -> store.store("sd.json", Scenario.HSM, domain))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute");
    }
}
