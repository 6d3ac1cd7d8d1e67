package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.model.ArmId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecurityDomainStoresTest {

    private static final ArmId HSM = ArmId.parse("/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups"
            + "/rg-hsm/providers/Microsoft.KeyVault/managedHSMs/sd-hsm");

    @Test
    void inAzureAFileIsRefusedBecauseItGoesWithTheInstance(@TempDir Path dir) {
        SecurityDomainStores azure = SecurityDomainStores.blobsOnly(
                com.cmkorchestrator.adapters.BlobSecurityDomainStore.withConnectionString("UseDevelopmentStorage=true"));

        assertThatThrownBy(() -> azure.check(dir.resolve("sd.json").toString(), HSM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https blob URL");
    }

    @Test
    void locallyFilesAreKeptAndABlobUrlWithoutBlobStorageIsRefused(@TempDir Path dir) {
        SecurityDomainStores local = SecurityDomainStores.blobsAndFiles(null, new FileSecurityDomainStore());

        assertThatCode(() -> local.check(dir.resolve("sd.json").toString(), HSM)).doesNotThrowAnyException();
        assertThatThrownBy(() -> local.check("https://acct.blob.core.windows.net/sd/sd.json", HSM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no blob storage");
    }
}
