package com.cmkorchestrator.emulator.hsm.http;

import com.cmkorchestrator.emulator.transport.EmuRequest;

import java.util.List;

/**
 * The data-plane {@code api-version}s the emulator accepts: every stable Key Vault data-plane
 * version the pinned SDKs can send (azure-security-keyvault-keys 4.10.3: 7.0..7.6, default 7.6;
 * -administration 4.6.4: 7.2..7.5, default 7.5) plus 2025-07-01, the newest stable spec folder.
 * Anything else is refused the way Key Vault refuses it.
 */
public final class ApiVersions {
    public static final List<String> ACCEPTED = List.of("7.0", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "2025-07-01");
    private static final String LATEST = "2025-07-01";

    private ApiVersions() {
    }

    /**
     * @return the request's api-version
     * @throws KeyVaultError 400 {@code BadParameter}, with Key Vault's message for an unknown version
     *         ("The specified version (7.1) is not recognized. Consider using the latest supported version (...)")
     */
    public static String require(EmuRequest request) {
        String version = request.queryParam("api-version").orElse("");
        if (version.isEmpty()) {
            throw KeyVaultError.badParameter("The api-version query parameter is missing. Consider using the latest"
                    + " supported version (" + LATEST + ").");
        }
        if (!ACCEPTED.contains(version)) {
            throw KeyVaultError.badParameter("The specified version (" + version
                    + ") is not recognized. Consider using the latest supported version (" + LATEST + ").");
        }
        return version;
    }
}
