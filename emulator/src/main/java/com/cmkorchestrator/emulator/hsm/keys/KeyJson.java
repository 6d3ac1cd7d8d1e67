package com.cmkorchestrator.emulator.hsm.keys;

import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The keys wire format of the 7.5 examples ({@code KeyBundle}, {@code DeletedKeyBundle},
 * {@code KeyItem}, {@code DeletedKeyItem}, {@code KeyRotationPolicy}), with Managed HSM's
 * attributes ({@code recoveryLevel}, {@code recoverableDays}, {@code exportable}). IDs are built on
 * the HSM's own base URI: {@code https://127.0.0.1:<port>/keys/<name>/<version>}.
 */
public final class KeyJson {
    private final String baseUri;
    private final Supplier<HsmProperties> properties;

    /** @param baseUri {@code https://127.0.0.1:<port>} (no trailing slash) */
    public KeyJson(String baseUri, Supplier<HsmProperties> properties) {
        this.baseUri = baseUri;
        this.properties = properties;
    }

    public String keyId(HsmKey key) { return baseUri + "/keys/" + key.name(); }

    public String versionId(HsmKey key, KeyVersion version) { return keyId(key) + "/" + version.version(); }

    public ObjectNode bundle(HsmKey key, KeyVersion version) {
        ObjectNode node = EmuRequest.JSON.createObjectNode();
        ObjectNode jwk = node.putObject("key").put("kid", versionId(key, version))
                .put("kty", version.material().spec().kty());
        ArrayNode ops = jwk.putArray("key_ops");
        version.keyOps().forEach(ops::add);
        version.material().writePublicParameters(jwk);
        node.set("attributes", attributes(version.attributes()));
        putTags(node, version.tags());
        return node;
    }

    public ObjectNode deletedBundle(HsmKey key) {
        ObjectNode node = EmuRequest.JSON.createObjectNode();
        putDeletion(node, key);
        node.setAll(bundle(key, key.latest()));
        return node;
    }

    /** A {@code KeyItem}: versionless {@code kid}, the current version's attributes and tags. */
    public ObjectNode item(HsmKey key) { return item(keyId(key), key.latest()); }

    /** A {@code KeyItem} of one version, as the versions list shows it. */
    public ObjectNode versionItem(HsmKey key, KeyVersion version) { return item(versionId(key, version), version); }

    private ObjectNode item(String kid, KeyVersion version) {
        ObjectNode node = EmuRequest.JSON.createObjectNode().put("kid", kid);
        node.set("attributes", attributes(version.attributes()));
        putTags(node, version.tags());
        return node;
    }

    public ObjectNode deletedItem(HsmKey key) {
        ObjectNode node = EmuRequest.JSON.createObjectNode();
        putDeletion(node, key);
        node.setAll(item(key));
        return node;
    }

    /** A key with no policy yet answers an empty policy (no actions, no times): inferred, see package-info. */
    public ObjectNode rotationPolicy(HsmKey key, RotationPolicy policy) {
        ObjectNode node = EmuRequest.JSON.createObjectNode().put("id", keyId(key) + "/rotationpolicy");
        ArrayNode actions = node.putArray("lifetimeActions");
        ObjectNode attributes = EmuRequest.JSON.createObjectNode();
        if (policy != null) {
            for (RotationPolicy.LifetimeAction action : policy.lifetimeActions()) {
                ObjectNode entry = actions.addObject();
                ObjectNode trigger = entry.putObject("trigger");
                if (action.timeAfterCreate() != null) {
                    trigger.put("timeAfterCreate", action.timeAfterCreate().text());
                } else {
                    trigger.put("timeBeforeExpiry", action.timeBeforeExpiry().text());
                }
                entry.putObject("action").put("type", action.type().wireName());
            }
            if (policy.expiryTime() != null) {
                attributes.put("expiryTime", policy.expiryTime().text());
            }
            attributes.put("created", policy.created().getEpochSecond()).put("updated", policy.updated().getEpochSecond());
        }
        node.set("attributes", attributes);
        return node;
    }

    private void putDeletion(ObjectNode node, HsmKey key) {
        HsmKey.Deletion deletion = key.deletion().orElseThrow();
        node.put("recoveryId", baseUri + "/deletedkeys/" + key.name())
                .put("deletedDate", deletion.deletedDate().getEpochSecond())
                .put("scheduledPurgeDate", deletion.scheduledPurgeDate().getEpochSecond());
    }

    private ObjectNode attributes(KeyAttributes attributes) {
        ObjectNode node = EmuRequest.JSON.createObjectNode().put("enabled", attributes.enabled());
        putEpoch(node, "nbf", attributes.notBefore());
        putEpoch(node, "exp", attributes.expires());
        node.put("created", attributes.created().getEpochSecond())
                .put("updated", attributes.updated().getEpochSecond())
                .put("recoveryLevel", properties.get().recoveryLevel())
                .put("recoverableDays", properties.get().softDeleteRetentionInDays())
                .put("exportable", false);
        return node;
    }

    private static void putEpoch(ObjectNode node, String field, Instant instant) {
        if (instant != null) {
            node.put(field, instant.getEpochSecond());
        }
    }

    private static void putTags(ObjectNode node, Map<String, String> tags) {
        if (!tags.isEmpty()) {
            ObjectNode tagNode = node.putObject("tags");
            tags.forEach(tagNode::put);
        }
    }
}
