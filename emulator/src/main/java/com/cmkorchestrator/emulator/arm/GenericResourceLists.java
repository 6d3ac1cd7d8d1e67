package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /subscriptions/<sub>/resources} and {@code .../resourceGroups/<rg>/resources}: every
 * resource's envelope, not its properties (as ARM answers without {@code $expand}), paged, and
 * narrowed by {@code $filter=resourceType eq '<Namespace/type>'}, the one filter the emulator
 * understands; any other is refused rather than ignored, so a caller never takes a superset for the answer.
 */
final class GenericResourceLists {
    private static final String[] ENVELOPE = {"id", "name", "type", "location", "tags", "sku", "kind", "identity", "managedBy"};
    private static final Pattern TYPE_FILTER = Pattern.compile("^\\s*resourceType\\s+eq\\s+'([^']+)'\\s*$", Pattern.CASE_INSENSITIVE);

    private GenericResourceLists() {
    }

    static EmuResponse list(ArmCall call, List<ObjectNode> documents, int pageSize) {
        String type = typeFilter(call.request());
        List<ObjectNode> items = documents.stream()
                .filter(doc -> type == null || doc.path("type").asText().equalsIgnoreCase(type))
                .map(GenericResourceLists::envelope).toList();
        return ArmPages.page(call, items, pageSize);
    }

    private static ObjectNode envelope(ObjectNode doc) {
        ObjectNode item = EmuRequest.JSON.createObjectNode();
        for (String field : ENVELOPE) {
            if (doc.has(field)) {
                item.set(field, doc.get(field).deepCopy());
            }
        }
        return item;
    }

    private static String typeFilter(EmuRequest request) {
        String filter = request.queryParam("$filter").orElse("");
        if (filter.isBlank()) {
            return null;
        }
        Matcher matcher = TYPE_FILTER.matcher(filter);
        if (!matcher.matches()) {
            throw new EmuException(400, "InvalidFilterInQueryString", "The $filter '" + filter + "' is not supported by"
                    + " the emulator; use resourceType eq '<Namespace/type>'.");
        }
        return matcher.group(1);
    }
}
