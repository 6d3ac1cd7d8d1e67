package com.cmkorchestrator.adapters;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.cmkorchestrator.core.model.Guid;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The app's own object ID, from the {@code oid} claim of a token its credential issues: the managed identity's
 * principal in Azure, the emulator credential's in local runs. No setting has to repeat it, and none can disagree with
 * the identity the app really acts as. Read once, when first needed (the first HSM request), not at start.
 */
public final class AppPrincipal implements Supplier<String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AzureConnection azure;
    private volatile String objectId;

    private AppPrincipal(AzureConnection azure) {
        this.azure = azure;
    }

    public static AppPrincipal of(AzureConnection azure) {
        return new AppPrincipal(azure);
    }

    /** @throws IllegalStateException when the token names no object ID */
    @Override
    public String get() {
        String known = objectId;
        if (known == null) {
            String scope = azure.armEndpoint() + ".default";
            AccessToken token = azure.credentialFor(scope).getTokenSync(new TokenRequestContext().addScopes(scope));
            known = objectIdOf(token.getToken());
            objectId = known;
        }
        return known;
    }

    /** The {@code oid} claim of a JWT; the token came from the app's own credential, so it is not verified here. */
    static String objectIdOf(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalStateException("the app's token is not a JWT, so it names no object ID");
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            String oid = claims.path("oid").asText("");
            if (!Guid.is(oid)) {
                throw new IllegalStateException("the app's token carries no object ID (oid claim)");
            }
            return oid.toLowerCase(java.util.Locale.ROOT);
        } catch (IOException e) {
            throw new UncheckedIOException("the app's token cannot be read", e);
        }
    }
}
