package com.cmkorchestrator.tests.scale;

import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.devhost.LocalEnvironment;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fleet of pinned bindings across the three kinds on several keys, laid out so that no key scope holds more than
 * Managed HSM's 10 role assignments (azure-facts 8): the Storage accounts and disk encryption sets of one key share
 * one user-assigned identity (one assignment), Databricks workspaces add the AzureDatabricks application's (one per
 * key) and each its own managed disk identity's, so a key takes at most 8 workspaces.
 *
 * @param prefix    names everything the fleet makes: bindings, resources, keys, identities (lower-case letters and
 *                  digits, at most 8)
 * @param bindings  the planned bindings, in order
 * @param keys      how many keys they use
 */
public record FleetPlan(String prefix, List<Planned> bindings, int keys) {

    /** Managed HSM's role assignments per key scope, less the shared identity's and the Databricks application's. */
    static final int WORKSPACES_PER_KEY = 10 - 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One binding: its name, the kind and name of its resource, and which key (0-based) it uses. */
    public record Planned(String name, TargetKind kind, String target, int key) {
    }

    /** How many bindings of each kind. */
    public record Mix(int storage, int diskEncryptionSets, int workspaces) {

        /** {@code count} bindings split by a ratio {@code storage:des:databricks} such as {@code 1:1:1}. */
        public static Mix of(int count, String ratio) {
            String[] parts = ratio.split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("a mix is storage:des:databricks, e.g. 1:1:1, not " + ratio);
            }
            double[] weights = {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
            double total = weights[0] + weights[1] + weights[2];
            int storage = (int) Math.round(count * weights[0] / total);
            int des = (int) Math.round(count * weights[1] / total);
            return new Mix(storage, des, count - storage - des);
        }

        public int total() {
            return storage + diskEncryptionSets + workspaces;
        }
    }

    /**
     * @param minimumKeys at least this many keys; more when the workspaces need them
     */
    public static FleetPlan of(String prefix, Mix mix, int minimumKeys) {
        if (!prefix.matches("[a-z][a-z0-9]{0,7}")) {
            throw new IllegalArgumentException("a fleet prefix is 1-8 lower-case letters and digits, not " + prefix);
        }
        int keys = Math.max(Math.max(1, minimumKeys), (mix.workspaces() + WORKSPACES_PER_KEY - 1) / WORKSPACES_PER_KEY);
        List<Planned> bindings = new ArrayList<>();
        for (int i = 0; i < mix.storage(); i++) {
            bindings.add(new Planned(prefix + "-st-" + number(i), TargetKind.STORAGE_ACCOUNT,
                    "st" + prefix + number(i), i % keys));
        }
        for (int i = 0; i < mix.diskEncryptionSets(); i++) {
            bindings.add(new Planned(prefix + "-des-" + number(i), TargetKind.DISK_ENCRYPTION_SET,
                    "des-" + prefix + "-" + number(i), i % keys));
        }
        for (int i = 0; i < mix.workspaces(); i++) {
            bindings.add(new Planned(prefix + "-dbw-" + number(i), TargetKind.DATABRICKS_WORKSPACE,
                    "dbw-" + prefix + "-" + number(i), i % keys));
        }
        return new FleetPlan(prefix, List.copyOf(bindings), keys);
    }

    private static String number(int i) {
        return String.format(Locale.ROOT, "%05d", i);
    }

    public String keyName(int key) {
        return prefix + "-key-" + key;
    }

    /** The user-assigned identity the Storage accounts and disk encryption sets of {@code key} share. */
    public String identityName(int key) {
        return "id-" + prefix + "-" + key;
    }

    public List<Planned> ofKind(TargetKind kind) {
        return bindings.stream().filter(planned -> planned.kind() == kind).toList();
    }

    /** The binding as {@code POST /api/bindings} takes it: pinned, on its key with a rotation policy. */
    public ObjectNode bindingJson(Planned planned, String subscriptionId, String resourceGroup) {
        String group = "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup;
        ObjectNode binding = JSON.createObjectNode().put("name", planned.name())
                .put("hsm", group + "/providers/Microsoft.KeyVault/managedHSMs/" + LocalEnvironment.HSM_NAME)
                .put("target", group + "/providers/" + planned.kind().resourceType() + "/" + planned.target())
                .put("versionPolicy", "pinned");
        binding.putObject("key").put("name", keyName(planned.key())).put("type", "RSA-HSM").put("size", 2048)
                .putObject("rotationPolicy").put("rotateAfter", "P90D").put("expireAfter", "P180D")
                .put("notifyBefore", "P30D");
        if (planned.kind().usesUserAssignedIdentity()) {
            binding.putObject("identity").put("existing", group
                    + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" + identityName(planned.key()));
        }
        return binding;
    }
}
