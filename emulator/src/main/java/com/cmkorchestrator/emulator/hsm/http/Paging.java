package com.cmkorchestrator.emulator.hsm.http;

import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Key Vault list paging: {@code maxresults} (1..25, default 25) items per page and an absolute
 * {@code nextLink} carrying an opaque {@code $skiptoken}, which the SDK pagers follow as given.
 */
public final class Paging {
    static final int MAX_RESULTS = 25;

    private Paging() {
    }

    /** @param baseUri {@code https://127.0.0.1:<port>} */
    public static ObjectNode page(List<? extends JsonNode> items, HsmRouter.Call call, String baseUri) {
        int pageSize = maxResults(call.request());
        int offset = offset(call.request());
        ObjectNode body = EmuRequest.JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        items.stream().skip(offset).limit(pageSize).forEach(value::add);
        int next = offset + pageSize;
        if (next < items.size()) {
            String token = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Integer.toString(next).getBytes(StandardCharsets.UTF_8));
            body.put("nextLink", baseUri + call.request().path() + "?api-version=" + call.apiVersion()
                    + "&$skiptoken=" + token + "&maxresults=" + pageSize);
        } else {
            body.putNull("nextLink");
        }
        return body;
    }

    private static int maxResults(EmuRequest request) {
        String raw = request.queryParam("maxresults").orElse("");
        if (raw.isEmpty()) {
            return MAX_RESULTS;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= 1 && value <= MAX_RESULTS) {
                return value;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw KeyVaultError.badParameter("maxresults must be an integer between 1 and " + MAX_RESULTS + ", got '"
                + raw + "'.");
    }

    private static int offset(EmuRequest request) {
        String token = request.queryParam("$skiptoken").orElse("");
        if (token.isEmpty()) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            if (offset >= 0) {
                return offset;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the error below
        }
        throw KeyVaultError.badParameter("The $skiptoken '" + token + "' is not valid.");
    }
}
