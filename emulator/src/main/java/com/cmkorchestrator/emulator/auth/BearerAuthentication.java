package com.cmkorchestrator.emulator.auth;

import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.cmkorchestrator.emulator.transport.RequestHandler;

/**
 * Puts bearer authentication in front of a handler: a request without a valid token gets 401
 * with the {@code WWW-Authenticate} challenge the Azure SDK expects for that surface.
 */
public final class BearerAuthentication {
    private BearerAuthentication() {
    }

    /**
     * The Managed HSM data plane's challenge. The Key Vault clients send their first request
     * without a token, read {@code authorization} (tenant) and {@code resource} from this header,
     * then retry with a token for that resource.
     */
    public static String managedHsmChallenge(String tenantId) {
        return "Bearer authorization=\"https://login.microsoftonline.com/" + tenantId
                + "\", resource=\"https://managedhsm.azure.net\"";
    }

    /** ARM's challenge for a missing or invalid token. */
    public static String armChallenge() {
        return "Bearer authorization_uri=\"https://login.windows.net/\", error=\"invalid_token\", "
                + "error_description=\"The authentication failed because of missing 'Authorization' header.\"";
    }

    public static RequestHandler require(String challenge, String errorCode, RequestHandler next) {
        return request -> BearerToken.callerOid(request)
                .map(oid -> next.handle(request.withCaller(oid)))
                .orElseGet(() -> EmuResponse.error(401, errorCode,
                                "The access token is missing, malformed or expired.")
                        .withHeader("WWW-Authenticate", challenge));
    }
}
