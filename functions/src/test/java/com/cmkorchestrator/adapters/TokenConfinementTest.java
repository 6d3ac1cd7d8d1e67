package com.cmkorchestrator.adapters;

import com.azure.resourcemanager.msi.models.Identity;
import com.azure.core.management.Region;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobClientBuilder;
import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.adapters.support.RecordingCredential;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.testsupport.HostileServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tokens go only where they belong (issue 10, finding 1): a security-domain destination is resolved through ARM to a
 * storage account inside the allow-list before anything is sent, and the clients the app builds can neither hold a
 * token for another audience nor send to another host. A hostile HTTPS server on loopback plays the attacker's
 * destination: it answers 401 with a challenge naming ARM, as the reported attack did.
 */
class TokenConfinementTest {

    private static final String ARM = "https://management.azure.com";
    private static final ArmId HSM = ArmId.parse("/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups"
            + "/sd-rg/providers/Microsoft.KeyVault/managedHSMs/sd-hsm");

    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("sd-rg");

    private HostileServer hostile;

    @BeforeEach
    void startHostile() {
        hostile = HostileServer.start(ARM);
    }

    @AfterEach
    void stopHostile() {
        hostile.close();
    }

    @Test
    void aDestinationOnAHostOutsideTheScopeIsNeverContacted() {
        BlobSecurityDomainStore store = BlobSecurityDomainStore.withIdentity(azure.connection(), inScope());
        String destination = hostile.origin() + "account/container/sd-hsm.json";

        assertThatThrownBy(() -> store.check(destination, HSM)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".blob.core.windows.net");
        assertThatThrownBy(() -> store.validate(destination)).isInstanceOf(IllegalArgumentException.class);
        assertThat(hostile.received()).isEmpty();
    }

    @Test
    void aBlobOfAnAccountInsideTheAllowListPasses() {
        account("sd-rg", "stsdinscope");

        BlobSecurityDomainStore.withIdentity(azure.connection(), inScope())
                .validate("https://stsdinscope.blob.core.windows.net/sd/sd-hsm.json");
    }

    @Test
    void aBlobOfAnAccountOutsideTheAllowListIsRefusedNamingTheSetting() {
        azure.resourceGroup("sd-elsewhere");
        account("sd-elsewhere", "stsdelsewhere");
        BlobSecurityDomainStore store = BlobSecurityDomainStore.withIdentity(azure.connection(), inScope());

        assertThatThrownBy(() -> store.validate("https://stsdelsewhere.blob.core.windows.net/sd/sd-hsm.json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CMK_SCOPE_ALLOW_LIST");
    }

    @Test
    void theCloudsSuffixComesFromTheEnvironmentNotTheRequest() {
        account("sd-rg", "stsdsuffix");
        BlobSecurityDomainStore store = BlobSecurityDomainStore.withIdentity(azure.connection(), inScope());

        for (String destination : List.of("https://stsdsuffix.blob.core.evil.example/sd/x.json",
                "https://stsdsuffix.blob.core.windows.net:8443/sd/x.json",
                "https://user@stsdsuffix.blob.core.windows.net/sd/x.json",
                "http://stsdsuffix.blob.core.windows.net/sd/x.json")) {
            assertThatThrownBy(() -> store.validate(destination)).as(destination)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** The control: without confinement the SDK follows the challenge and sends an ARM token (the reported leak). */
    @Test
    void anUnconfinedStorageClientFollowsAChallengeToArm() {
        RecordingCredential credential = new RecordingCredential();
        BlobClient blob = new BlobClientBuilder().endpoint(hostile.origin().toString()).credential(credential)
                .containerName("c").blobName("b").httpClient(trustingHostile()).buildClient();

        assertThatThrownBy(blob::exists);

        assertThat(hostile.received()).extracting(HostileServer.Received::authorization)
                .contains("Bearer " + RecordingCredential.tokenFor(ARM + "/.default"));
    }

    @Test
    void aConfinedStorageClientGetsNoTokenForTheChallengedAudience() {
        RecordingCredential credential = new RecordingCredential();
        BlobClient blob = BlobSecurityDomainStore.pinnedClient(hostile.origin(),
                ConfinedCredential.to(credential, azure.emulator().options().tenantId(), AzureConnection.STORAGE_SCOPE),
                trustingHostile(), "c", "b");

        assertThatThrownBy(blob::exists);

        assertThat(credential.asked()).containsOnly(List.of(AzureConnection.STORAGE_SCOPE));
        assertThat(hostile.received()).extracting(HostileServer.Received::authorization)
                .allMatch(header -> header == null || !header.contains("management"));
    }

    @Test
    void aPinnedClientSendsNothingToAnotherOrigin() {
        RecordingCredential credential = new RecordingCredential();
        BlobClient blob = new BlobClientBuilder().endpoint(hostile.origin().toString()).credential(credential)
                .containerName("c").blobName("b").httpClient(trustingHostile())
                .addPolicy(PinnedOrigin.to(java.net.URI.create("https://stsdpinned.blob.core.windows.net/"))).buildClient();

        assertThatThrownBy(blob::exists).hasMessageContaining("refused to send");

        assertThat(hostile.received()).isEmpty();
    }

    private com.azure.core.http.HttpClient trustingHostile() {
        return TrustedHttpClients.trusting(hostile.trustStore(), hostile.trustStorePassword());
    }

    private static ScopeAllowList inScope() {
        return ScopeAllowList.of(azure.resourceGroup("sd-rg"));
    }

    private static void account(String group, String name) {
        Identity identity = azure.identity(group, "uami-" + name);
        azure.connection().storage().storageAccounts().define(name).withRegion(Region.US_WEST)
                .withExistingResourceGroup(group).withExistingUserAssignedManagedServiceIdentity(identity).create();
    }
}
