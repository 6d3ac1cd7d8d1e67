package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Desired state: "resource {@code target} is encrypted with key {@code key} of HSM {@code hsm} through identity
 * {@code identity}". Immutable and valid by construction; read and written as JSON by {@link BindingJson}.
 *
 * @param name          binding name, lower-case letters, digits and '-' (1-63), used in URLs and table keys
 * @param hsm           ARM ID of the {@code Microsoft.KeyVault/managedHSMs} resource
 * @param key           the key in that HSM
 * @param identity      user-assigned identity for Storage and DES; must be absent for Databricks, which reaches
 *                      the key through the AzureDatabricks application and the workspace's managed disk identity
 * @param target        ARM ID of a storage account, disk encryption set or Databricks workspace
 * @param versionPolicy {@code auto} or {@code pinned}; the kind's default when omitted
 * @param onDrift       {@code repair} (default) or {@code report}: what a pass does about a change made outside the app
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Binding(String name, ArmId hsm, KeySpec key, IdentitySpec identity, ArmId target,
                      VersionPolicy versionPolicy, OnDrift onDrift) {

    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");
    private static final String HSM_TYPE = "Microsoft.KeyVault/managedHSMs";
    // As HSM requests and the /api/keys/{hsm} route take them: events and routes find the HSM by this name
    private static final Pattern HSM_NAME = Pattern.compile("^[a-zA-Z0-9-]{1,127}$");

    public Binding {
        Faults faults = new Faults();
        if (faults.required(name, "name")) {
            faults.check(NAME.matcher(name).matches(), "name",
                    "must be 1-63 lower-case letters, digits or '-', starting and ending with a letter or digit");
        }
        if (faults.required(hsm, "hsm")
                && faults.check(hsm.fullResourceType().map(HSM_TYPE::equalsIgnoreCase).orElse(false), "hsm",
                "must be the ARM ID of a " + HSM_TYPE + " resource")) {
            faults.check(HSM_NAME.matcher(hsm.resourceName()).matches(), "hsm",
                    "the Managed HSM's name must be 1-127 letters, digits or '-', not '" + hsm.resourceName() + "'");
        }
        faults.required(key, "key");
        Optional<TargetKind> kind = Optional.empty();
        if (faults.required(target, "target")) {
            kind = TargetKind.of(target);
            faults.check(kind.isPresent(), "target",
                    "must be the ARM ID of a storage account, disk encryption set or Databricks workspace");
        }
        if (kind.isPresent()) {
            // Storage, DES and Databricks all wrap with RSA; none accepts an EC key as CMK.
            faults.check(key == null || key.type() == KeyType.RSA_HSM, "key.type",
                    kind.get().json() + " customer-managed keys must be RSA-HSM");
            if (kind.get().usesUserAssignedIdentity()) {
                faults.check(identity != null, "identity", "is required for a " + kind.get().json());
            } else {
                faults.check(identity == null, "identity", "must be omitted for a Databricks workspace: it reaches "
                        + "the key through the AzureDatabricks application and its managed disk identity");
            }
        }
        faults.throwIfAny();
        versionPolicy = versionPolicy == null ? kind.orElseThrow().defaultVersionPolicy() : versionPolicy;
        onDrift = onDrift == null ? OnDrift.REPAIR : onDrift;
    }

    /** A binding that repairs drift, as every binding did before {@code onDrift} existed. */
    public Binding(String name, ArmId hsm, KeySpec key, IdentitySpec identity, ArmId target,
                   VersionPolicy versionPolicy) {
        this(name, hsm, key, identity, target, versionPolicy, null);
    }

    /** The same binding, doing {@code policy} about drift. */
    public Binding withOnDrift(OnDrift policy) {
        return new Binding(name, hsm, key, identity, target, versionPolicy, policy);
    }

    /** The key slots of the target this binding declares: the ones it owns, once the declaration is accepted. */
    @JsonIgnore
    public List<ResourceSlot> slots() {
        return kind().slots().stream().map(slot -> new ResourceSlot(target, slot)).toList();
    }

    @JsonIgnore
    public TargetKind kind() {
        return TargetKind.of(target).orElseThrow();
    }

    /** The ARM ID of the user-assigned identity (a created one lives in the target's subscription unless told otherwise). */
    @JsonIgnore
    public Optional<ArmId> identityId() {
        return Optional.ofNullable(identity).map(spec -> spec.resolve(target.subscriptionId(), hsm.resourceName(),
                key.name()));
    }

    /**
     * Every ARM ID the binding makes the app act on, by the JSON field that names it: {@code hsm}, {@code target},
     * and {@code identity.existing} or {@code identity.create} (the identity to create, resolved). Each must lie in the
     * scope allow-list before anything is stored.
     */
    @JsonIgnore
    public Map<String, ArmId> armIds() {
        Map<String, ArmId> ids = new LinkedHashMap<>();
        ids.put("hsm", hsm);
        ids.put("target", target);
        if (identity != null) {
            ids.put(identity.existing() != null ? "identity.existing" : "identity.create", identityId().orElseThrow());
        }
        return ids;
    }

    /** True when the slot's reference names one version that the orchestrator moves on each rotation. */
    public boolean isPinned(KeySlot slot) {
        return !slot.followsNewVersions(versionPolicy);
    }
}
