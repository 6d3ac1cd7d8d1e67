package com.cmkorchestrator.adapters;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.ports.EncryptedSecurityDomain;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The security domain kept in a blob of a real (Azurite) blob service. */
@ExtendWith(AzuriteExtension.class)
class BlobSecurityDomainStoreTest {

    private static final ArmId HSM = ArmId.parse("/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups"
            + "/rg-hsm/providers/Microsoft.KeyVault/managedHSMs/sd-hsm");
    private static final EncryptedSecurityDomain SECURITY_DOMAIN = new EncryptedSecurityDomain("{\"EncData\":\"c2VjcmV0\"}");

    private BlobContainerClient container;
    private BlobSecurityDomainStore store;

    @BeforeEach
    void container(Azurite azurite) {
        container = new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                .createBlobContainer(Azurite.uniqueContainerName());
        store = BlobSecurityDomainStore.withConnectionString(azurite.connectionString());
    }

    private String url(String blob) {
        return container.getBlobContainerUrl() + "/" + blob;
    }

    @Test
    void aNewBlobIsCheckedThenWrittenAsIs() {
        String destination = url("sd-hsm/security-domain.json");

        store.check(destination, HSM);
        store.store(destination, HSM, SECURITY_DOMAIN);

        assertThat(container.getBlobClient("sd-hsm/security-domain.json").downloadContent().toString())
                .isEqualTo(SECURITY_DOMAIN.value());
    }

    @Test
    void anExistingBlobIsRefusedBeforeTheDownloadAndNeverOverwritten() {
        String destination = url("taken.json");
        store.store(destination, HSM, SECURITY_DOMAIN);

        assertThatThrownBy(() -> store.check(destination, HSM)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never overwritten");
        assertThatThrownBy(() -> store.store(destination, HSM, new EncryptedSecurityDomain("{\"other\":1}")))
                .hasMessageContaining("409").hasMessageNotContaining("other");
        assertThat(container.getBlobClient("taken.json").downloadContent().toString()).isEqualTo(SECURITY_DOMAIN.value());
    }

    @Test
    void aDestinationThatIsNoBlobUrlIsRefused() {
        assertThatThrownBy(() -> store.check("http://example.com/c/b.json", HSM)).hasMessageContaining("https");
        assertThatThrownBy(() -> store.check(container.getBlobContainerUrl(), HSM))
                .hasMessageContaining("no container and blob");
    }
}
