package com.cmkorchestrator.adapters;

import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.ports.ActivationStatus;
import com.cmkorchestrator.core.ports.HsmProvisioningState;
import com.cmkorchestrator.core.ports.HsmState;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ManagedHsmResources} against the emulator's ARM, with provisioning taking 30 emulated minutes. */
class ManagedHsmResourcesTest {
    private static final Duration PROVISIONING = Duration.ofMinutes(30);
    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("hsm-rg")
            .withOptions(options -> options.withHsmProvisioningDuration(PROVISIONING));
    private final ManagedHsmResources hsms = new ManagedHsmResources(azure.connection());

    @Test
    void anHsmThatDoesNotExistReadsAsEmpty() {
        assertThat(hsms.get(azure.id("hsm-rg", "Microsoft.KeyVault/managedHSMs", "hsm-absent"))).isEmpty();
    }

    @Test
    void anHsmInAResourceGroupThatDoesNotExistReadsAsEmpty() {
        assertThat(hsms.get(azure.id("no-such-rg", "Microsoft.KeyVault/managedHSMs", "hsm-nowhere"))).isEmpty();
    }

    @Test
    void beginCreateReturnsWhileTheHsmIsStillProvisioning() {
        ArmId id = azure.id("hsm-rg", "Microsoft.KeyVault/managedHSMs", "hsm-begun");

        hsms.beginCreate(request(id, false));

        HsmState state = hsms.get(id).orElseThrow();
        assertThat(state.provisioningState()).isEqualTo(HsmProvisioningState.PROVISIONING);
        assertThat(state.hsmUri()).isNull();
        assertThat(state.isActive()).isFalse();
    }

    @Test
    void getFollowsTheHsmToProvisionedButNotActivated() {
        ArmId id = azure.id("hsm-rg", "Microsoft.KeyVault/managedHSMs", "hsm-provisioned");
        hsms.beginCreate(request(id, true));

        azure.emulator().clock().advance(PROVISIONING);

        HsmState state = hsms.get(id).orElseThrow();
        assertThat(state.provisioningState()).isEqualTo(HsmProvisioningState.SUCCEEDED);
        assertThat(state.activationStatus()).isEqualTo(ActivationStatus.NOT_ACTIVATED);
        assertThat(state.hsmUri()).isNotNull();
        assertThat(state.purgeProtectionEnabled()).isTrue();
        assertThat(state.isActive()).isFalse();
    }

    @Test
    void theCreateCarriesTenantAdministratorsRetentionAndSku() {
        ArmId id = azure.id("hsm-rg", "Microsoft.KeyVault/managedHSMs", "hsm-shaped");

        hsms.beginCreate(request(id, false));

        ObjectNode written = azure.armDocument(id);
        assertThat(written.path("sku").path("family").asText()).isEqualTo("B");
        assertThat(written.path("sku").path("name").asText()).isEqualTo("Standard_B1");
        assertThat(written.path("location").asText()).isEqualTo("westus");
        assertThat(written.path("properties").path("tenantId").asText()).isEqualTo(azure.emulator().options().tenantId());
        assertThat(written.path("properties").path("initialAdminObjectIds").get(0).asText()).isEqualTo(EmulatedAzure.DEPLOYER);
        assertThat(written.path("properties").path("softDeleteRetentionInDays").asInt()).isEqualTo(7);
    }

    @Test
    void aRefusedCreateSurfacesAzuresStatusAndCode() {
        ArmId id = azure.id("hsm-rg", "Microsoft.KeyVault/managedHSMs", "9-starts-with-a-digit");

        assertThatThrownBy(() -> hsms.beginCreate(request(id, false)))
                .isInstanceOfSatisfying(AzureCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.errorCode()).isPresent();
                    assertThat(e.operation()).contains("9-starts-with-a-digit");
                });
    }

    @Test
    void customCSkusAreFamilyC() {
        assertThat(ManagedHsmResources.sku("Custom_C42").family().toString()).isEqualTo("C");
        assertThat(ManagedHsmResources.sku("Custom_B32").family().toString()).isEqualTo("B");
    }

    private HsmRequest request(ArmId id, boolean purgeProtection) {
        return new HsmRequest(id, "westus", null, azure.emulator().options().tenantId(), List.of(EmulatedAzure.DEPLOYER),
                7, purgeProtection, null);
    }
}
