package com.cmkorchestrator.emulator.arm.providers;

import com.cmkorchestrator.emulator.arm.ApiVersions;
import com.cmkorchestrator.emulator.arm.ArmCall;
import com.cmkorchestrator.emulator.arm.ArmContext;
import com.cmkorchestrator.emulator.arm.ArmErrors;
import com.cmkorchestrator.emulator.arm.RequestBody;
import com.cmkorchestrator.emulator.arm.ResourceId;
import com.cmkorchestrator.emulator.arm.TrackedResources;
import com.cmkorchestrator.emulator.hsm.keys.HsmProperties;
import com.cmkorchestrator.emulator.hsm.ManagedHsm;
import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.KeyVault/managedHSMs}. Creation is a long-running operation (202 + Location) that
 * stays {@code Provisioning} for the configured emulated duration, then starts the HSM's data plane
 * through the fleet and reports its {@code hsmUri}. {@code securityDomainProperties.activationStatus}
 * is read from the fleet on every GET. Deletion is a soft delete ({@link DeletedManagedHsms}).
 */
public final class ManagedHsms extends TrackedResources {
    public static final String TYPE = "Microsoft.KeyVault/managedHSMs";
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$");

    private final DeletedManagedHsms deleted;
    private final ManagedHsmProperties properties;

    public ManagedHsms(ArmContext arm) {
        super(arm);
        this.deleted = new DeletedManagedHsms(arm);
        this.properties = new ManagedHsmProperties(arm.settings().tenantId());
    }

    @Override
    public String fullType() { return TYPE; }

    @Override
    public List<String> apiVersions() { return ApiVersions.KEY_VAULT; }

    @Override
    public void validateName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new EmuException(400, "BadRequest", "The managed HSM name '" + name + "' is invalid. It must be 3-24 "
                    + "alphanumeric characters or hyphens, begin with a letter, end with a letter or digit, and not "
                    + "contain consecutive hyphens.");
        }
    }

    @Override
    public EmuResponse put(ArmCall call, ResourceId id, ObjectNode body) {
        ObjectNode existing = existing(id);
        if (existing != null) {
            requireIdle(existing);
            ObjectNode doc = envelope(id, body, existing);
            doc.set("sku", properties.sku(body));
            doc.set("properties", properties.update(body, existing));
            return updated(call, id, doc);
        }
        requireNameFree(id);
        ObjectNode doc = envelope(id, body, null);
        doc.set("sku", properties.sku(body));
        boolean recover = properties.isRecover(body);
        DeletedManagedHsms.Deleted recovered = null;
        if (recover) {
            recovered = deleted.recover(id);
            doc.set("properties", recovered.original().get("properties").deepCopy());
        } else {
            if (deleted.byName(id.name()).isPresent()) {
                throw new EmuException(409, "ConflictError", "A soft-deleted managed HSM named '" + id.name()
                        + "' exists. Recover it with createMode 'recover' or purge it before creating a new one.");
            }
            doc.set("properties", properties.create(body));
        }
        ObjectNode props = (ObjectNode) doc.get("properties");
        props.putNull("hsmUri");
        props.put("provisioningState", "Provisioning").put("statusMessage", "Allocating hardware");
        arm.state().put(id, doc);
        return arm.operations().respond(call, id.subscriptionId(), "Microsoft.KeyVault", doc.get("location").asText(),
                doc.get("id").asText(), arm.settings().hsmProvisioningDuration(), now -> provisioned(call, id, recover, now),
                () -> EmuResponse.json(200, view(require(id))),
                provisioning -> arm.operations().acceptedWithLocation(call, provisioning, 202, view(doc)));
    }

    private void provisioned(ArmCall call, ResourceId id, boolean recover, java.time.Instant now) {
        ObjectNode doc = arm.state().resource(id).orElse(null);
        if (doc == null) {
            return; // deleted (with its group) while provisioning
        }
        ObjectNode props = (ObjectNode) doc.get("properties");
        ManagedHsm hsm;
        try {
            hsm = recover ? arm.fleet().recover(doc.get("id").asText()).orElseThrow(
                    () -> new IllegalStateException("the fleet cannot recover " + doc.get("id").asText()))
                    : arm.fleet().provision(doc.get("id").asText(), doc.get("name").asText(), props.path("tenantId").asText(),
                            properties.adminList(props), new HsmProperties(props.path("softDeleteRetentionInDays").asInt(90),
                                    props.path("enablePurgeProtection").asBoolean(false)));
        } catch (RuntimeException e) {
            props.put("provisioningState", "Failed").put("statusMessage", "Provisioning failed.");
            throw new EmuException(500, "InternalServerError", "Provisioning the managed HSM failed: " + e.getMessage());
        }
        props.put("hsmUri", hsm.uri().toString());
        props.put("provisioningState", "Succeeded").put("statusMessage", "ManagedHsm is functional.");
        arm.events().written(call, doc.get("id").asText(), id.resourceGroup(), operation("write"), now);
    }

    @Override
    public EmuResponse patch(ArmCall call, ResourceId id, ObjectNode body) {
        ObjectNode existing = require(id);
        requireIdle(existing);
        ObjectNode request = merged(existing, body);
        ObjectNode doc = envelope(id, request, existing);
        doc.set("sku", properties.sku(request));
        doc.set("properties", properties.update(request, existing));
        return updated(call, id, doc);
    }

    /** PUT and PATCH of an existing HSM: 200, or 202 + Location with the HSM {@code Updating} (managedHsm.json 2025-05-01). */
    private EmuResponse updated(ArmCall call, ResourceId id, ObjectNode doc) {
        return writeLongRunning(call, id, doc, "Microsoft.KeyVault", "Updating", 200, now -> {
            if (doc.path("properties").path("enablePurgeProtection").asBoolean(false)) {
                // irreversible, so telling the data plane every time it is on is harmless
                arm.fleet().byArmId(doc.get("id").asText()).ifPresent(ManagedHsm::enablePurgeProtection);
            }
        }, update -> arm.operations().acceptedWithLocation(call, update, 202, view(doc)));
    }

    @Override
    public EmuResponse delete(ArmCall call, ResourceId id) {
        ObjectNode doc = existing(id);
        if (doc == null) {
            return EmuResponse.empty(204);
        }
        requireIdle(doc);
        return arm.operations().respond(call, id.subscriptionId(), "Microsoft.KeyVault", doc.get("location").asText(),
                null, arm.settings().operationDuration().get(), now -> {
                    softDelete(id, doc, now);
                    arm.events().deleted(call, doc.get("id").asText(), id.resourceGroup(), operation("delete"), now);
                }, () -> EmuResponse.empty(200), deletion -> arm.operations().acceptedWithLocation(call, deletion, 202, null));
    }

    @Override
    public void removedWithGroup(ResourceId id) {
        ObjectNode doc = existing(id);
        if (doc != null) {
            softDelete(id, doc, arm.clock().instant());
        }
    }

    private void softDelete(ResourceId id, ObjectNode doc, java.time.Instant now) {
        arm.state().remove(id);
        if (!doc.path("properties").path("hsmUri").isNull()) {
            arm.fleet().softDelete(doc.get("id").asText());
        }
        deleted.record(doc, now);
    }

    @Override
    public ObjectNode view(ObjectNode stored) {
        ObjectNode view = super.view(stored);
        Optional<ManagedHsm> hsm = arm.fleet().byArmId(stored.get("id").asText());
        if (hsm.isPresent()) {
            String status = hsm.get().activationStatus();
            view.with("properties").putObject("securityDomainProperties").put("activationStatus", status)
                    .put("activationStatusMessage", "Active".equals(status)
                            ? "Your HSM has been activated and can be used for cryptographic operations."
                            : "Your HSM has been provisioned, but cannot be used for cryptographic operations until it is activated. To activate the HSM, download the security domain.");
        }
        return view;
    }

    @Override
    public Optional<EmuResponse> subscriptionRoute(ArmCall call, String subscriptionId, List<String> rest) {
        return deleted.route(call, rest);
    }

    private static void requireIdle(ObjectNode doc) {
        String state = doc.path("properties").path("provisioningState").asText();
        if (state.equals("Provisioning") || state.equals("Updating")) {
            throw new EmuException(409, "Conflict", "There is another operation in progress on the managed HSM '"
                    + doc.get("name").asText() + "'. Retry when it is finished.");
        }
    }

    /** HSM names are DNS names: unique across resource groups. */
    private void requireNameFree(ResourceId id) {
        boolean taken = arm.state().resources(TYPE, null).stream()
                .anyMatch(doc -> doc.get("name").asText().toLowerCase(Locale.ROOT).equals(id.name().toLowerCase(Locale.ROOT)));
        if (taken) {
            throw new EmuException(409, "Conflict", "The managed HSM name '" + id.name() + "' is already in use.");
        }
    }
}
