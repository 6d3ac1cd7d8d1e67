package com.cmkorchestrator.emulator.auth;

import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The emulator's bearer tokens: unsigned JWTs ({@code alg: none}) carrying {@code oid}, {@code tid},
 * {@code aud} and {@code exp}. Signatures are deliberately not checked: the emulator trusts the
 * caller's claimed identity, which is what lets a test act as any principal.
 */
public final class BearerToken {
    private static final Pattern GUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private BearerToken() {
    }

    static String requireGuid(String value, String what) {
        if (value == null || !GUID.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be a GUID, got: " + value);
        }
        return value.toLowerCase();
    }

    public static String mint(String objectId, String tenantId, String audience, long expiresAtEpochSecond) {
        var payload = EmuRequest.JSON.createObjectNode()
                .put("oid", objectId).put("tid", tenantId).put("aud", audience)
                .put("iat", Instant.now().getEpochSecond()).put("exp", expiresAtEpochSecond);
        String header = ENCODER.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + ENCODER.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /**
     * The caller's object ID from an {@code Authorization: Bearer <jwt>} header, if the token is
     * well formed, carries a GUID {@code oid} and has not expired (by the wall clock).
     */
    public static Optional<String> callerOid(EmuRequest request) {
        Optional<String> header = request.header("Authorization");
        if (header.isEmpty() || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String[] parts = header.get().substring(7).trim().split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = EmuRequest.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            String oid = claims.path("oid").asText("");
            long exp = claims.path("exp").asLong(0);
            if (!GUID.matcher(oid).matches() || exp < Instant.now().getEpochSecond()) {
                return Optional.empty();
            }
            return Optional.of(oid.toLowerCase());
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The claims of the request's bearer token (whatever {@link #callerOid} accepted), or an empty
     * object. ARM copies them into its events' {@code data.claims}.
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode claims(EmuRequest request) {
        var empty = EmuRequest.JSON.createObjectNode();
        Optional<String> header = request.header("Authorization");
        if (header.isEmpty() || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return empty;
        }
        String[] parts = header.get().substring(7).trim().split("\\.", -1);
        if (parts.length != 3) {
            return empty;
        }
        try {
            JsonNode claims = EmuRequest.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims instanceof com.fasterxml.jackson.databind.node.ObjectNode object ? object : empty;
        } catch (IOException | IllegalArgumentException e) {
            return empty;
        }
    }
}
