package com.cmkorchestrator.adapters;

import com.azure.core.util.Context;
import com.azure.resourcemanager.keyvault.fluent.ManagedHsmsClient;
import com.azure.resourcemanager.keyvault.fluent.models.ManagedHsmInner;
import com.azure.resourcemanager.keyvault.models.ManagedHsmProperties;
import com.azure.resourcemanager.keyvault.models.ManagedHsmSku;
import com.azure.resourcemanager.keyvault.models.ManagedHsmSkuFamily;
import com.azure.resourcemanager.keyvault.models.ManagedHsmSkuName;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.ports.ActivationStatus;
import com.cmkorchestrator.core.ports.HsmPort;
import com.cmkorchestrator.core.ports.HsmProvisioningState;
import com.cmkorchestrator.core.ports.HsmState;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link HsmPort} on {@code azure-resourcemanager-keyvault}'s inner {@link ManagedHsmsClient}: the fluent API
 * has no Managed HSM type.
 */
public final class ManagedHsmResources implements HsmPort {
    private final AzureConnection azure;

    public ManagedHsmResources(AzureConnection azure) {
        this.azure = azure;
    }

    @Override
    public Optional<HsmState> get(ArmId hsm) {
        return AzureCalls.find("GET " + hsm, () -> client(hsm)
                .getByResourceGroupWithResponse(group(hsm), hsm.resourceName(), Context.NONE).getValue())
                .map(inner -> state(hsm, inner));
    }

    /**
     * Sends the PUT and drops the poller: {@code beginCreateOrUpdate} returns once ARM accepted the request (a
     * refusal throws here), and the reconciler polls {@link #get} across invocations rather than hold a poller
     * for the tens of minutes provisioning takes.
     */
    @Override
    public void beginCreate(HsmRequest request) {
        ArmId hsm = request.hsm();
        ManagedHsmInner definition = new ManagedHsmInner()
                .withLocation(request.location())
                .withSku(sku(request.sku()))
                .withProperties(new ManagedHsmProperties()
                        .withTenantId(UUID.fromString(request.tenantId()))
                        .withInitialAdminObjectIds(request.administrators())
                        .withSoftDeleteRetentionInDays(request.softDeleteRetentionDays())
                        .withEnablePurgeProtection(request.purgeProtection()));
        AzureCalls.run("PUT " + hsm, () -> client(hsm).beginCreateOrUpdate(group(hsm), hsm.resourceName(), definition));
    }

    /** The SKU family is the letter after the tier: {@code Custom_C42} is family C, the B SKUs family B. */
    static ManagedHsmSku sku(String name) {
        String family = name.startsWith("Custom_C") ? "C" : "B";
        return new ManagedHsmSku().withFamily(ManagedHsmSkuFamily.fromString(family))
                .withName(ManagedHsmSkuName.fromString(name));
    }

    private static HsmState state(ArmId hsm, ManagedHsmInner inner) {
        ManagedHsmProperties properties = inner.properties();
        if (properties == null) {
            return new HsmState(hsm, HsmProvisioningState.UNKNOWN, ActivationStatus.UNKNOWN, null, false);
        }
        String activation = properties.securityDomainProperties() == null
                || properties.securityDomainProperties().activationStatus() == null
                ? null : properties.securityDomainProperties().activationStatus().toString();
        return new HsmState(hsm,
                HsmProvisioningState.fromAzure(properties.provisioningState() == null ? null
                        : properties.provisioningState().toString()),
                ActivationStatus.fromAzure(activation),
                properties.hsmUri() == null || properties.hsmUri().isBlank() ? null : URI.create(properties.hsmUri()),
                Boolean.TRUE.equals(properties.enablePurgeProtection()));
    }

    private ManagedHsmsClient client(ArmId hsm) {
        return azure.keyVault(hsm.subscriptionId()).serviceClient().getManagedHsms();
    }

    private static String group(ArmId hsm) {
        return hsm.resourceGroup().orElseThrow(() -> new IllegalArgumentException(hsm + " names no resource group"));
    }
}
