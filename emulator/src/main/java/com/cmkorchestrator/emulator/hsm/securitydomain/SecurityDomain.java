package com.cmkorchestrator.emulator.hsm.securitydomain;

import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An HSM's activation state. A new HSM is {@code NotActivated}; a valid security domain download
 * starts activation, which completes {@code activationDuration} of emulated time later. Only one
 * download is ever accepted. Not thread-safe: the owning HSM serializes access.
 */
public final class SecurityDomain {
    /** The status of the download operation, as {@code GET /securitydomain/download/pending} reports it. */
    public enum DownloadStatus { NONE, IN_PROGRESS, SUCCESS }

    private final Clock clock;
    private final Duration activationDuration;
    private Instant activatesAt;

    public SecurityDomain(Clock clock, Duration activationDuration) {
        this.clock = clock;
        this.activationDuration = activationDuration;
    }

    /**
     * Validates the request ({@code certificates}: 3..10 valid wrapping certificates, {@code required}:
     * 2..number of certificates, default 2), seals the security domain and starts activation.
     *
     * @return the security domain JSON text
     * @throws KeyVaultError 400 {@code BadParameter} for invalid input, 409 {@code Conflict} after a download
     */
    public String download(ObjectNode body, String hsmName, String hsmUri) {
        if (activatesAt != null) {
            throw new KeyVaultError(409, "Conflict", "The security domain of managed HSM '" + hsmName
                    + "' has already been downloaded; it can be downloaded only once.");
        }
        JsonNode certificates = body.get("certificates");
        if (certificates == null || !certificates.isArray()) {
            throw KeyVaultError.badParameter("certificates is required: 3 to 10 RSA certificates in JWK format.");
        }
        if (certificates.size() < 3 || certificates.size() > 10) {
            throw KeyVaultError.badParameter("certificates must hold between 3 and 10 certificates, got "
                    + certificates.size() + ".");
        }
        int required = requiredQuorum(body.get("required"), certificates.size());
        List<WrappingCertificate> parsed = new ArrayList<>();
        Set<String> thumbprints = new HashSet<>();
        for (int i = 0; i < certificates.size(); i++) {
            WrappingCertificate certificate = WrappingCertificate.parse(i, certificates.get(i));
            if (!thumbprints.add(certificate.thumbprintS256())) {
                throw KeyVaultError.badParameter("certificates[" + i + "] repeats an earlier certificate;"
                        + " each share needs its own key.");
            }
            parsed.add(certificate);
        }
        Instant now = clock.instant();
        String sealed = SecurityDomainBlob.seal(hsmName, hsmUri, parsed, required, now);
        activatesAt = now.plus(activationDuration);
        return sealed;
    }

    private static int requiredQuorum(JsonNode node, int certificateCount) {
        if (node == null || node.isNull()) {
            return 2;
        }
        if (!node.isIntegralNumber() || node.asInt() < 2 || node.asInt() > 10) {
            throw KeyVaultError.badParameter("required must be an integer between 2 and 10, got " + node + ".");
        }
        if (node.asInt() > certificateCount) {
            throw KeyVaultError.badParameter("required (" + node.asInt()
                    + ") cannot exceed the number of certificates (" + certificateCount + ").");
        }
        return node.asInt();
    }

    public DownloadStatus downloadStatus() {
        if (activatesAt == null) {
            return DownloadStatus.NONE;
        }
        return clock.instant().isBefore(activatesAt) ? DownloadStatus.IN_PROGRESS : DownloadStatus.SUCCESS;
    }

    public boolean isActive() { return downloadStatus() == DownloadStatus.SUCCESS; }

    /** {@code NotActivated} or {@code Active}, as ARM's {@code securityDomainProperties.activationStatus}. */
    public String activationStatus() { return isActive() ? "Active" : "NotActivated"; }

    /**
     * @throws KeyVaultError 403 while the HSM is not active. Azure says "all data plane commands are
     *         disabled" until activation; the exact status and code are not documented, so 403
     *         {@code Forbidden} is the emulator's choice.
     */
    public void requireActive(String hsmName) {
        if (!isActive()) {
            throw new KeyVaultError(403, "Forbidden", "The managed HSM '" + hsmName + "' is not activated: all data"
                    + " plane operations are disabled until an administrator downloads its security domain"
                    + " (POST /securitydomain/download).", "HsmNotActivated");
        }
    }
}
