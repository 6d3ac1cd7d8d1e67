package com.cmkorchestrator.adapters.support;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A credential that issues a readable token per audience ({@code token-for <scopes>}) and records every audience it
 * was asked for, so a test can tell which token reached which host.
 */
public final class RecordingCredential implements TokenCredential {

    private final List<List<String>> asked = new CopyOnWriteArrayList<>();

    public static String tokenFor(String scope) {
        return "token-for " + List.of(scope);
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromSupplier(() -> getTokenSync(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        asked.add(List.copyOf(request.getScopes()));
        return new AccessToken("token-for " + request.getScopes(), OffsetDateTime.now().plusHours(1));
    }

    /** The scopes of each token asked for, in order. */
    public List<List<String>> asked() {
        return List.copyOf(asked);
    }
}
