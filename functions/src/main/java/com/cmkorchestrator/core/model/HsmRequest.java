package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A Managed HSM to provision (azure-facts 1), with optional automatic activation.
 *
 * @param hsm                     ARM ID of the {@code Microsoft.KeyVault/managedHSMs} resource to create
 * @param location                Azure region
 * @param sku                     {@code Standard_B1} when omitted
 * @param tenantId                Entra tenant GUID
 * @param administrators          object IDs of the initial administrators (only they can activate)
 * @param softDeleteRetentionDays 7-90, 90 when omitted
 * @param purgeProtection         Databricks managed disk needs it; cannot be turned off once on
 * @param activation              when given, the orchestrator downloads the security domain itself; when absent,
 *                                activation is manual and the status shows the exact command
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HsmRequest(ArmId hsm, String location, String sku, String tenantId, List<String> administrators,
                         Integer softDeleteRetentionDays, boolean purgeProtection, Activation activation) {

    public static final List<String> SKUS = List.of("Standard_B1", "Custom_B32", "Custom_B6", "Custom_C42", "Custom_C10");

    public HsmRequest {
        BindingValidationException.require(hsm, "hsm");
        if (!hsm.fullResourceType().map("Microsoft.KeyVault/managedHSMs"::equalsIgnoreCase).orElse(false)) {
            throw new BindingValidationException("hsm", "must be the ARM ID of a Microsoft.KeyVault/managedHSMs resource");
        }
        BindingValidationException.requireText(location, "location");
        sku = sku == null ? "Standard_B1" : sku;
        if (!SKUS.contains(sku)) {
            throw new BindingValidationException("sku", "must be one of " + SKUS);
        }
        BindingValidationException.requireText(tenantId, "tenantId");
        if (!Guid.is(tenantId)) {
            throw new BindingValidationException("tenantId", "must be a GUID");
        }
        if (administrators == null || administrators.isEmpty()) {
            throw new BindingValidationException("administrators", "needs at least one object ID: only they can activate");
        }
        for (int i = 0; i < administrators.size(); i++) {
            if (!Guid.is(administrators.get(i))) {
                throw new BindingValidationException("administrators[" + i + "]", "must be an object ID (GUID)");
            }
        }
        administrators = List.copyOf(administrators);
        softDeleteRetentionDays = softDeleteRetentionDays == null ? 90 : softDeleteRetentionDays;
        if (softDeleteRetentionDays < 7 || softDeleteRetentionDays > 90) {
            throw new BindingValidationException("softDeleteRetentionDays", "must be between 7 and 90");
        }
    }

    /**
     * Automatic activation by security domain download.
     *
     * @param certificates 3 to 10 RSA certificates whose keys wrap the security domain
     * @param quorum       how many of them recover it: 2 to the number of certificates
     * @param destination  where the encrypted security domain is kept (interpreted by the security domain store);
     *                     the orchestrator never logs the security domain
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Activation(List<WrappingCertificate> certificates, int quorum, String destination) {

        public Activation {
            if (certificates == null || certificates.size() < 3 || certificates.size() > 10) {
                throw new BindingValidationException("certificates", "give 3 to 10 wrapping certificates");
            }
            // named here: List.copyOf would throw a bare NullPointerException for a JSON null
            for (int i = 0; i < certificates.size(); i++) {
                if (certificates.get(i) == null) {
                    throw new BindingValidationException("certificates[" + i + "]", "must be a PEM certificate");
                }
            }
            certificates = List.copyOf(certificates);
            if (certificates.stream().distinct().count() != certificates.size()) {
                throw new BindingValidationException("certificates", "must be distinct");
            }
            if (quorum < 2 || quorum > certificates.size()) {
                throw new BindingValidationException("quorum", "must be between 2 and the number of certificates");
            }
            BindingValidationException.requireText(destination, "destination");
        }
    }
}
