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
        Faults faults = new Faults();
        if (faults.required(hsm, "hsm")) {
            faults.check(hsm.fullResourceType().map("Microsoft.KeyVault/managedHSMs"::equalsIgnoreCase).orElse(false),
                    "hsm", "must be the ARM ID of a Microsoft.KeyVault/managedHSMs resource");
        }
        if (faults.required(location, "location")) {
            Locations.check(faults, location, "location");
        }
        sku = sku == null ? "Standard_B1" : sku;
        faults.check(SKUS.contains(sku), "sku", "must be one of " + SKUS);
        if (faults.required(tenantId, "tenantId")) {
            faults.check(Guid.is(tenantId), "tenantId", "must be a GUID");
        }
        if (faults.check(administrators != null && !administrators.isEmpty(), "administrators",
                "needs at least one object ID: only they can activate")) {
            for (int i = 0; i < administrators.size(); i++) {
                faults.check(administrators.get(i) != null && Guid.is(administrators.get(i)),
                        "administrators[" + i + "]", "must be an object ID (GUID)");
            }
        }
        softDeleteRetentionDays = softDeleteRetentionDays == null ? 90 : softDeleteRetentionDays;
        faults.check(softDeleteRetentionDays >= 7 && softDeleteRetentionDays <= 90, "softDeleteRetentionDays",
                "must be between 7 and 90");
        faults.throwIfAny();
        administrators = List.copyOf(administrators);
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

        /** A blob URL is at most 2,048 characters in practice (Azure's own limit for a request URL's path is 2 KiB). */
        static final int MAX_DESTINATION_CHARS = 2_048;

        public Activation {
            Faults faults = new Faults();
            if (faults.check(certificates != null && certificates.size() >= 3 && certificates.size() <= 10,
                    "certificates", "give 3 to 10 wrapping certificates")) {
                // named here: List.copyOf would throw a bare NullPointerException for a JSON null
                boolean noNulls = true;
                for (int i = 0; i < certificates.size(); i++) {
                    noNulls &= faults.check(certificates.get(i) != null, "certificates[" + i + "]",
                            "must be a PEM certificate");
                }
                if (noNulls && faults.check(certificates.stream().distinct().count() == certificates.size(),
                        "certificates", "must be distinct")) {
                    faults.check(quorum >= 2 && quorum <= certificates.size(), "quorum",
                            "must be between 2 and the number of certificates");
                }
            } else {
                faults.check(quorum >= 2, "quorum", "must be between 2 and the number of certificates");
            }
            if (faults.required(destination, "destination")) {
                // a URL or a path; what the store accepts it checks itself, this keeps the document printable
                faults.check(destination.length() <= MAX_DESTINATION_CHARS
                        && destination.codePoints().noneMatch(Character::isISOControl), "destination",
                        "must be at most " + MAX_DESTINATION_CHARS + " characters without control characters");
            }
            faults.throwIfAny();
            certificates = List.copyOf(certificates);
        }
    }
}
