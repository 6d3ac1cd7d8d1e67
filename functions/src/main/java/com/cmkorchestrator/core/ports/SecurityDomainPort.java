package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.WrappingCertificate;

import java.net.URI;
import java.util.List;

/**
 * Security domain download, which activates a new HSM (azure-facts 4). No Java client exists: the adapter calls
 * the REST API through an azure-core {@code HttpPipeline} with a bearer token for {@code https://managedhsm.azure.net}.
 * Needs the HSM's local Administrator role ({@code securitydomain/download/action}); only the HSM's
 * {@code initialAdminObjectIds} have it before activation. Throws {@link AzureCallException} for Azure errors.
 */
public interface SecurityDomainPort {

    /**
     * {@code HSMSecurityDomain_Download}: {@code POST {hsmUri}/securitydomain/download?api-version=7.5} with
     * {@code {"certificates": [JWK...], "required": quorum}}; each JWK carries {@code kid, kty=RSA, key_ops, alg,
     * n, e, x5c, x5t#S256} built from the certificate. Answers 202 with {@code {"value": <security domain>}}
     * and starts activation.
     *
     * @return the encrypted security domain from the response body; the caller stores it and never logs it
     */
    EncryptedSecurityDomain download(URI hsmUri, List<WrappingCertificate> certificates, int quorum);

    /** {@code HSMSecurityDomain_DownloadPending}: {@code GET {hsmUri}/securitydomain/download/pending?api-version=7.5}. */
    SecurityDomainOperation downloadStatus(URI hsmUri);
}
