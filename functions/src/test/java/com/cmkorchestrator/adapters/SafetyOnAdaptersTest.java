package com.cmkorchestrator.adapters;

import com.azure.resourcemanager.msi.models.Identity;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.TrackedBinding;
import com.cmkorchestrator.core.engine.ReconcileOutcome;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.RotationPolicySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.safety.RetentionViolationException;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;
import com.cmkorchestrator.emulator.hsm.HsmSnapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The safety invariants on the real adapters, against the emulator, in situations people create by hand around the
 * app: a version disabled or a policy changed behind its back, a binding moved to another key.
 */
class SafetyOnAdaptersTest {
    private static final Duration PROPAGATION = Duration.ofSeconds(60);
    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("safe-rg").withActiveHsm("hsm-safe")
            .withOptions(options -> options.withRoleAssignmentPropagation(PROPAGATION));
    private static ArmId hsm;
    private static URI hsmUri;
    private static BindingReconciler reconciler;

    @BeforeAll
    static void start() {
        hsmUri = azure.hsm();
        azure.emulator().clock().advance(PROPAGATION);
        hsm = azure.id("safe-rg", "Microsoft.KeyVault/managedHSMs", "hsm-safe");
        reconciler = azure.reconcilerOnAdapters();
    }

    /**
     * Someone disables the key's newest version and changes its rotation policy on the HSM. The pass that puts the
     * policy back must not call the key ready: the pinned set would then be moved onto the disabled version.
     */
    @Test
    void aPinnedSetIsNeverMovedOntoADisabledVersionWhileThePolicyIsPutBack() {
        Identity identity = azure.identity("safe-rg", "pin-id");
        KeyRef seed = azure.grantedKey("pin-seed", identity.principalId());
        azure.emulator().clock().advance(PROPAGATION);
        ArmId set = diskEncryptionSet("des-pin", identity, seed);
        Binding binding = new Binding("pinned-disks", hsm, key("pin-key"),
                IdentitySpec.existing(ArmId.parse(identity.id())), set, VersionPolicy.PINNED);
        BindingStatus status = converge(binding, null);
        assertThat(status.isReady()).as(status.toString()).isTrue();
        String inUse = status.versionInUse(KeySlot.DES_ACTIVE_KEY).orElseThrow();

        KeyClient keys = azure.connection().keyClient(hsmUri);
        String disabled = keys.rotateKey("pin-key").getProperties().getVersion();
        keys.updateKeyProperties(keys.getKey("pin-key", disabled).getProperties().setEnabled(false));
        keys.updateKeyRotationPolicy("pin-key", new KeyRotationPolicy().setExpiresIn("P200D").setLifetimeActions(
                List.of(new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeAfterCreate("P60D"))));
        long mark = azure.emulator().requestLog().mark();

        BindingStatus first = passes(binding, status, 1);
        assertThat(first.condition(ConditionType.KEY_READY).isTrue()).as("key ready after the policy was put back: "
                + first).isFalse();
        BindingStatus after = passes(binding, first, 4);

        assertThat(azure.emulator().requestLog().since(mark)).as("writes to the disk encryption set")
                .noneMatch(e -> e.isWrite() && e.path().toLowerCase().endsWith("/diskencryptionsets/des-pin"));
        assertThat(azure.armDocument(set).path("properties").path("activeKey").path("keyUrl").asText())
                .endsWith("/" + inUse).doesNotContain(disabled);
        assertThat(after.condition(ConditionType.KEY_READY).isTrue()).as(after.toString()).isFalse();
        assertThat(after.condition(ConditionType.KEY_READY).message()).contains(disabled).contains("disabled");
    }

    /**
     * The bind step's own guard: a newest version that is not valid yet (someone created it with a later
     * {@code nbf}) passes every key check, but a pinned set written onto it could not unwrap: nothing is written.
     */
    @Test
    void aPinnedSetIsNotWrittenOntoAVersionThatIsNotValidYet() {
        Identity identity = azure.identity("safe-rg", "nbf-id");
        KeyRef seed = azure.grantedKey("nbf-seed", identity.principalId());
        azure.emulator().clock().advance(PROPAGATION);
        ArmId set = diskEncryptionSet("des-nbf", identity, seed);
        Binding binding = new Binding("later-disks", hsm, key("nbf-key"),
                IdentitySpec.existing(ArmId.parse(identity.id())), set, VersionPolicy.PINNED);
        BindingStatus status = converge(binding, null);
        assertThat(status.isReady()).as(status.toString()).isTrue();
        String inUse = status.versionInUse(KeySlot.DES_ACTIVE_KEY).orElseThrow();
        String later = azure.connection().keyClient(hsmUri).createRsaKey(new CreateRsaKeyOptions("nbf-key")
                .setHardwareProtected(true).setKeySize(2048).setKeyOperations(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY)
                .setNotBefore(azure.emulator().clock().instant().plus(Duration.ofDays(2)).atOffset(ZoneOffset.UTC)))
                .getProperties().getVersion();
        long mark = azure.emulator().requestLog().mark();

        BindingStatus after = passes(binding, status, 3);

        assertThat(azure.emulator().requestLog().since(mark)).as("writes to the disk encryption set")
                .noneMatch(e -> e.isWrite() && e.path().toLowerCase().endsWith("/diskencryptionsets/des-nbf"));
        assertThat(azure.armDocument(set).path("properties").path("activeKey").path("keyUrl").asText()).endsWith("/" + inUse);
        assertThat(after.condition(ConditionType.BOUND).reason()).isEqualTo(Reason.VERSION_UNUSABLE);
        assertThat(after.condition(ConditionType.BOUND).message()).contains(later).contains("not valid before");
    }

    /**
     * A storage account moved from key A to key B left A's version just now: retiring that version must wait for
     * Storage's 24 h like any other, although the binding now names B.
     */
    @Test
    void aVersionABindingLeftByMovingToAnotherKeyIsKeptForThePickupWindow() {
        Binding onA = new Binding("moving-storage", hsm, key("move-a"), IdentitySpec.create("safe-rg", "move-id"),
                storageAccount("stmove"), VersionPolicy.AUTO);
        BindingStatus status = converge(onA, null);
        assertThat(status.isReady()).as(status.toString()).isTrue();
        String left = status.versionInUse(KeySlot.STORAGE_ENCRYPTION).orElseThrow();
        Binding onB = new Binding(onA.name(), hsm, key("move-b"), onA.identity(), onA.target(), onA.versionPolicy());
        status = converge(onB, status);
        assertThat(status.isReady()).as(status.toString()).isTrue();
        azure.connection().keyClient(hsmUri).rotateKey("move-a"); // so that the version left is no longer A's current
        azure.emulator().clock().advance(Duration.ofHours(1));
        TrackedBinding tracked = new TrackedBinding(onB, status);

        assertThatThrownBy(() -> reconciler.retireVersion(hsm, "move-a", left, List.of(tracked)))
                .isInstanceOf(RetentionViolationException.class).hasMessageContaining("stmove");
        assertThat(version("move-a", left).enabled()).isTrue();

        azure.emulator().clock().advance(Duration.ofHours(24));
        reconciler.retireVersion(hsm, "move-a", left, List.of(tracked));
        assertThat(version("move-a", left).enabled()).isFalse();
    }

    private static BindingStatus converge(Binding binding, BindingStatus previous) {
        return azure.converge(reconciler, binding, previous);
    }

    private static BindingStatus passes(Binding binding, BindingStatus previous, int count) {
        BindingStatus status = previous;
        for (int pass = 0; pass < count; pass++) {
            ReconcileOutcome outcome = reconciler.reconcile(binding, status);
            status = outcome.status();
            azure.emulator().clock().advance(outcome.requeueAfter());
        }
        return status;
    }

    private static KeySpec key(String name) {
        return KeySpec.rsa(name, 2048).withRotationPolicy(new RotationPolicySpec(Period.ofDays(90), Period.ofDays(180), null));
    }

    private static HsmSnapshot.Version version(String key, String version) {
        return azure.snapshot(hsmUri).keys().stream().filter(k -> k.name().equals(key)).findFirst().orElseThrow()
                .versions().stream().filter(v -> v.version().equals(version)).findFirst().orElseThrow();
    }

    private static ArmId storageAccount(String name) {
        return azure.storageAccount("safe-rg", name);
    }

    private static ArmId diskEncryptionSet(String name, Identity identity, KeyRef key) {
        return azure.diskEncryptionSet("safe-rg", name, identity, key);
    }
}
