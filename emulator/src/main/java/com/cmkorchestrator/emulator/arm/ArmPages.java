package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * ARM's list answers, a page at a time: {@code {"value": [...], "nextLink": "<absolute URL>"}}, the
 * last page without {@code nextLink}, as the SDKs' pagers follow it ({@code x-ms-pageable} with
 * {@code nextLinkName: nextLink} in the specs). Items are ordered by ID, and the opaque
 * {@code $skipToken} names the last ID of the page before, so that a resource created or deleted
 * between two pages neither shifts the others nor repeats one. The rest of the request's query
 * ({@code api-version}, {@code $filter}) travels in the {@code nextLink} too.
 */
final class ArmPages {
    private static final String TOKEN = "$skipToken";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private ArmPages() {
    }

    /** The page of {@code items} the call asks for, {@code pageSize} at most. Items need an {@code id}. */
    static EmuResponse page(ArmCall call, List<ObjectNode> items, int pageSize) {
        String after = after(call.request());
        List<ObjectNode> ordered = items.stream().sorted(Comparator.comparing(ArmPages::key))
                .filter(item -> after == null || key(item).compareTo(after) > 0).toList();
        ObjectNode body = EmuRequest.JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        ordered.stream().limit(pageSize).forEach(value::add);
        if (ordered.size() > pageSize) {
            String last = key(ordered.get(pageSize - 1));
            body.put("nextLink", call.absolute(call.request().path() + "?" + sameQueryAfter(call.request(), last)));
        }
        return EmuResponse.json(200, body);
    }

    /** The request's own query (api-version, $filter, ...) with the token of the next page. */
    private static String sameQueryAfter(EmuRequest request, String lastKey) {
        StringBuilder query = new StringBuilder();
        request.query().forEach((name, value) -> {
            if (!name.equalsIgnoreCase(TOKEN)) {
                query.append(encode(name)).append('=').append(encode(value)).append('&');
            }
        });
        return query.append(encode(TOKEN)).append('=').append(ENCODER.encodeToString(lastKey.getBytes(StandardCharsets.UTF_8)))
                .toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String key(ObjectNode item) {
        return item.path("id").asText().toLowerCase(Locale.ROOT);
    }

    /** The last key of the page before, from {@code $skipToken} (any case, as ARM's query names are). */
    private static String after(EmuRequest request) {
        String token = request.query().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(TOKEN))
                .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new EmuException(400, "InvalidSkipToken", "The $skipToken '" + token + "' is not one this list handed out.");
        }
    }
}
