package com.cmkorchestrator.emulator.auth;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A {@link TokenCredential} for the emulator: it mints unsigned JWTs whose {@code oid} claim
 * names the caller. Use it in place of {@code DefaultAzureCredential} when the endpoints point at
 * the emulator; the emulator authorizes every call for that object ID as Azure would.
 */
public final class EmulatorTokenCredential implements TokenCredential {
    private final String objectId;
    private final String tenantId;

    public EmulatorTokenCredential(String objectId, String tenantId) {
        this.objectId = BearerToken.requireGuid(objectId, "objectId");
        this.tenantId = BearerToken.requireGuid(tenantId, "tenantId");
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromSupplier(() -> getTokenSync(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        // Expiry is real time, not emulated time: the SDK caches tokens by the wall clock.
        OffsetDateTime expiresAt = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1);
        String audience = request.getScopes().isEmpty() ? "" : request.getScopes().get(0).replace("/.default", "");
        return new AccessToken(BearerToken.mint(objectId, tenantId, audience, expiresAt.toEpochSecond()), expiresAt);
    }

    public String objectId() { return objectId; }
}
