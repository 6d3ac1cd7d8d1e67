package com.cmkorchestrator.emulator.arm.providers;

import com.cmkorchestrator.emulator.arm.ArmCall;
import com.cmkorchestrator.emulator.arm.ArmContext;
import com.cmkorchestrator.emulator.arm.ArmErrors;
import com.cmkorchestrator.emulator.arm.ArmState;
import com.cmkorchestrator.emulator.arm.ResourceId;
import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Soft-deleted Managed HSMs ({@code Microsoft.KeyVault/deletedManagedHSMs}): kept for
 * {@code softDeleteRetentionInDays}, then purged by Azure; purgeable earlier unless purge protection
 * is on; recoverable with {@code createMode: recover}. Guarded by the ARM state monitor like the rest.
 */
final class DeletedManagedHsms {
    /** One soft-deleted HSM: its deleted-resource document and the live document it had. */
    record Deleted(ObjectNode document, ObjectNode original, Instant scheduledPurge, boolean purgeProtected) {
    }

    private final ArmContext arm;
    private final Map<String, Deleted> byName = new LinkedHashMap<>();

    DeletedManagedHsms(ArmContext arm) {
        this.arm = arm;
    }

    /** Records a deletion (the fleet already stopped serving it) and schedules Azure's purge. */
    void record(ObjectNode live, Instant at) {
        ObjectNode properties = (ObjectNode) live.get("properties");
        Instant purgeAt = at.plus(Duration.ofDays(properties.path("softDeleteRetentionInDays").asInt(90)));
        String name = live.get("name").asText();
        String location = live.get("location").asText();
        ObjectNode doc = EmuRequest.JSON.createObjectNode();
        doc.put("id", "/subscriptions/" + arm.settings().subscriptionId() + "/providers/Microsoft.KeyVault/locations/"
                + location + "/deletedManagedHSMs/" + name);
        doc.put("name", name).put("type", "Microsoft.KeyVault/deletedManagedHSMs");
        ObjectNode deletedProperties = doc.putObject("properties");
        deletedProperties.put("mhsmId", live.get("id").asText()).put("location", location)
                .put("deletionDate", at.toString()).put("scheduledPurgeDate", purgeAt.toString())
                .put("purgeProtectionEnabled", properties.path("enablePurgeProtection").asBoolean(false));
        deletedProperties.set("tags", live.path("tags").deepCopy());
        ObjectNode original = live.deepCopy();
        original.remove(ArmState.INTERNAL);
        Deleted deleted = new Deleted(doc, original, purgeAt, properties.path("enablePurgeProtection").asBoolean(false));
        byName.put(name.toLowerCase(Locale.ROOT), deleted);
        arm.scheduler().at(purgeAt, "purge deleted managed HSM " + name, () -> {
            synchronized (arm.state()) {
                if (byName.get(name.toLowerCase(Locale.ROOT)) == deleted) {
                    byName.remove(name.toLowerCase(Locale.ROOT));
                    arm.fleet().purge(original.get("id").asText());
                }
            }
        });
    }

    Optional<Deleted> byName(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Takes the deleted HSM out of the bin for {@code createMode: recover}. */
    Deleted recover(ResourceId id) {
        Deleted deleted = byName(id.name()).orElseThrow(() -> new EmuException(400, "BadRequest",
                "No soft-deleted managed HSM named '" + id.name() + "' was found to recover."));
        if (!deleted.original().get("id").asText().equalsIgnoreCase(id.id())) {
            throw new EmuException(400, "BadRequest", "The soft-deleted managed HSM '" + id.name() + "' was deleted from '"
                    + deleted.original().get("id").asText() + "'; recover it at that ID.");
        }
        byName.remove(id.name().toLowerCase(Locale.ROOT));
        return deleted;
    }

    /** {@code deletedManagedHSMs}, {@code locations/<loc>/deletedManagedHSMs/<name>[/purge]}. */
    Optional<EmuResponse> route(ArmCall call, List<String> rest) {
        if (rest.size() == 1 && rest.get(0).equalsIgnoreCase("deletedManagedHSMs") && call.method().equals("GET")) {
            ObjectNode list = EmuRequest.JSON.createObjectNode();
            ArrayNode value = list.putArray("value");
            byName.values().forEach(deleted -> value.add(deleted.document().deepCopy()));
            return Optional.of(EmuResponse.json(200, list));
        }
        if (rest.size() < 4 || !rest.get(0).equalsIgnoreCase("locations") || !rest.get(2).equalsIgnoreCase("deletedManagedHSMs")) {
            return Optional.empty();
        }
        String name = rest.get(3);
        Optional<Deleted> deleted = byName(name).filter(d ->
                d.document().path("properties").path("location").asText().equalsIgnoreCase(rest.get(1)));
        if (rest.size() == 4 && call.method().equals("GET")) {
            return Optional.of(EmuResponse.json(200, deleted.orElseThrow(() -> notFound(name)).document().deepCopy()));
        }
        if (rest.size() == 5 && rest.get(4).equalsIgnoreCase("purge") && call.method().equals("POST")) {
            return Optional.of(purge(call, deleted.orElseThrow(() -> notFound(name))));
        }
        throw ArmErrors.methodNotAllowed(call.method(), call.request().path());
    }

    private EmuResponse purge(ArmCall call, Deleted deleted) {
        String name = deleted.document().get("name").asText();
        if (deleted.purgeProtected() && call.now().isBefore(deleted.scheduledPurge())) {
            throw new EmuException(409, "Conflict", "The managed HSM '" + name + "' has purge protection enabled and "
                    + "cannot be purged before its scheduled purge date " + deleted.scheduledPurge() + ".");
        }
        String location = deleted.document().path("properties").path("location").asText();
        // Key Vault only ever answers a purge with 202, so even an instant purge is polled once
        var purge = arm.operations().start(call, arm.settings().subscriptionId(), "Microsoft.KeyVault",
                location, null, arm.settings().operationDuration().get(), now -> {
                    if (byName.get(name.toLowerCase(Locale.ROOT)) == deleted) {
                        byName.remove(name.toLowerCase(Locale.ROOT));
                        arm.fleet().purge(deleted.original().get("id").asText());
                        arm.events().acted(call, deleted.document().get("id").asText(), null,
                                "Microsoft.KeyVault/locations/deletedManagedHSMs/purge/action", now);
                    }
                });
        return arm.operations().acceptedWithLocation(call, purge, 202, null);
    }

    private static EmuException notFound(String name) {
        return new EmuException(404, "ResourceNotFound", "The deleted managed HSM '" + name + "' was not found.");
    }
}
