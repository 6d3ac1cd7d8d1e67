package com.cmkorchestrator.adapters;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The app's credential as one client may use it: tokens for that client's audience (and the app's tenant) only.
 *
 * <p>Why: Azure SDK authentication policies take the audience of a token from the server's 401 challenge. The
 * storage policy reads {@code resource_id} and asks the credential for a token of that resource, so a host that
 * answers with a challenge naming {@code https://management.azure.com} would receive an ARM token. A client built
 * with this credential can only ever hold a token for the service it was built for; asking for any other audience
 * or tenant fails before a token exists.
 */
final class ConfinedCredential implements TokenCredential {

    private final TokenCredential credential;
    private final Set<String> scopes;
    private final String tenantId;

    private ConfinedCredential(TokenCredential credential, String tenantId, Set<String> scopes) {
        this.credential = Objects.requireNonNull(credential, "credential");
        this.tenantId = tenantId;
        this.scopes = scopes;
    }

    /**
     * @param tenantId the only tenant tokens may come from; null when the credential's own default is the only one
     * @param scopes   the audiences allowed, e.g. {@code https://storage.azure.com/.default}
     */
    static ConfinedCredential to(TokenCredential credential, String tenantId, String... scopes) {
        if (scopes.length == 0) {
            throw new IllegalArgumentException("a confined credential needs at least one scope");
        }
        return new ConfinedCredential(credential, tenantId,
                List.of(scopes).stream().map(ConfinedCredential::normalized).collect(Collectors.toUnmodifiableSet()));
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        String refusal = refusal(request);
        return refusal == null ? credential.getToken(request) : Mono.error(new ClientAuthenticationException(refusal, null));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        String refusal = refusal(request);
        if (refusal != null) {
            throw new ClientAuthenticationException(refusal, null);
        }
        return credential.getTokenSync(request);
    }

    private String refusal(TokenRequestContext request) {
        List<String> asked = request.getScopes();
        if (asked == null || asked.isEmpty() || !asked.stream().map(ConfinedCredential::normalized).allMatch(scopes::contains)) {
            return "refused a token for " + asked + ": this client may only hold tokens for " + scopes;
        }
        if (request.getTenantId() != null && tenantId != null && !tenantId.equalsIgnoreCase(request.getTenantId())) {
            return "refused a token from tenant " + request.getTenantId() + ": this app acts in tenant " + tenantId
                    + " only";
        }
        return null;
    }

    /** Audiences compare without case and without a doubled slash before {@code .default}. */
    private static String normalized(String scope) {
        return scope.toLowerCase(Locale.ROOT).replace("//.default", "/.default");
    }
}
