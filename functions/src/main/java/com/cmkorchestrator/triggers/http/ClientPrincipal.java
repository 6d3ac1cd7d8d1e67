package com.cmkorchestrator.triggers.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The caller as App Service authentication hands it over: the {@code X-MS-CLIENT-PRINCIPAL} header, base64 JSON of
 * the token's claims, {@code {"auth_typ": "aad", "claims": [{"typ": ..., "val": ...}], "name_typ": ..., "role_typ":
 * ...}} (learn.microsoft.com, app-service/configure-authentication-user-identities, "Decoding the client principal
 * header"). App roles arrive as {@code roles} claims (or under {@code role_typ}). App Service strips the header from
 * outside requests, so it is trusted only where App Service authentication is on.
 *
 * @param identityProvider {@code auth_typ}, {@code aad} for Microsoft Entra ID
 * @param name             the caller's name for logs (the {@code name_typ} claim), or null
 * @param roles            the app roles the token carries
 */
record ClientPrincipal(String identityProvider, String name, Set<String> roles) {

    static final String HEADER = "X-MS-CLIENT-PRINCIPAL";
    /** Far above any token's claims; a larger header is refused unread. */
    static final int MAX_HEADER_CHARS = 32 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    ClientPrincipal {
        roles = Set.copyOf(roles);
    }

    /** @return the principal, or empty when the header is missing, too large or unreadable */
    static Optional<ClientPrincipal> of(String header) {
        if (header == null || header.isBlank() || header.length() > MAX_HEADER_CHARS) {
            return Optional.empty();
        }
        try {
            JsonNode principal = JSON.readTree(Base64.getDecoder().decode(header.strip()));
            if (principal == null || !principal.path("claims").isArray()) {
                return Optional.empty();
            }
            String roleType = principal.path("role_typ").asText("roles");
            String nameType = principal.path("name_typ").asText("name");
            Set<String> roles = new LinkedHashSet<>();
            String name = null;
            for (JsonNode claim : principal.path("claims")) {
                String type = claim.path("typ").asText("");
                String value = claim.path("val").asText("");
                if (type.equals("roles") || type.equals(roleType)) {
                    roles.add(value);
                } else if (type.equals(nameType) && name == null) {
                    name = value;
                }
            }
            return Optional.of(new ClientPrincipal(principal.path("auth_typ").asText(""), name, roles));
        } catch (IllegalArgumentException | IOException unreadable) {
            return Optional.empty();
        }
    }
}
