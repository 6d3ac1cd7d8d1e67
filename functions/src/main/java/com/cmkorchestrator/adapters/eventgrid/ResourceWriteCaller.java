package com.cmkorchestrator.adapters.eventgrid;

import com.cmkorchestrator.core.model.Guid;
import com.cmkorchestrator.state.WorkItem;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * Who made an ARM write, from a {@code ResourceWriteSuccess} event's {@code data}: the object ID from
 * {@code claims} (Azure writes it under its claim URI) or {@code authorization.evidence.principalId}, and a name for
 * people from the UPN, the display name or the application ID (event-schema-resource-groups.md; the emulator copies
 * the caller's token claims the same way). Anything that is no GUID or no printable name is left out, never trusted.
 */
final class ResourceWriteCaller {

    private static final List<String> OBJECT_ID = List.of("http://schemas.microsoft.com/identity/claims/objectidentifier",
            "oid");
    private static final List<String> NAME = List.of("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "upn",
            "name", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "unique_name");
    private static final int NAME_CHARS = 200;

    private ResourceWriteCaller() {
    }

    static Optional<WorkItem.Caller> of(JsonNode data) {
        JsonNode claims = data.path("claims");
        String objectId = first(claims, OBJECT_ID)
                .or(() -> text(data.path("authorization").path("evidence").path("principalId")))
                .filter(Guid::is).orElse(null);
        String name = first(claims, NAME).map(ResourceWriteCaller::printable).filter(value -> !value.isBlank())
                .or(() -> text(claims.path("appid")).map(ResourceWriteCaller::printable)
                        .filter(value -> !value.isBlank()).map(app -> "application " + app))
                .orElse(null);
        return objectId == null && name == null ? Optional.empty() : Optional.of(new WorkItem.Caller(objectId, name));
    }

    private static Optional<String> first(JsonNode claims, List<String> names) {
        return names.stream().map(claims::path).map(ResourceWriteCaller::text).flatMap(Optional::stream).findFirst();
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText().strip()) : Optional.empty();
    }

    private static String printable(String value) {
        String kept = value.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        return kept.length() <= NAME_CHARS ? kept : kept.substring(0, NAME_CHARS - 1) + "…";
    }
}
