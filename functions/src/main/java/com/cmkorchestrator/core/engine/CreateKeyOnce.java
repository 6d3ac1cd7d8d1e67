package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.Periods;
import com.cmkorchestrator.core.model.RotationPolicySpec;
import com.cmkorchestrator.core.ports.KeyCreation;
import com.cmkorchestrator.core.ports.KeyOwnershipPort;
import com.cmkorchestrator.core.ports.KeyPort;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.LeaseNames;
import com.cmkorchestrator.core.ports.OwnedKey;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.Reason;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static com.cmkorchestrator.core.status.ConditionType.KEY_READY;

/**
 * Creates a binding's key once across every instance (docs/concurrency.md section 2): creating on an existing name
 * adds a version, so the create runs under the key's lease, after reading the HSM again inside it, and within the
 * HSM's key-creation rate (1 per second per HSM, shared through {@link HsmPacing}). The app's ownership record is
 * written before the key, so that a crash in between leaves a name the app owns and creates on the next pass, never a
 * key it made and does not know; the key carries the {@code managed-by} tag from its first request.
 */
final class CreateKeyOnce {

    static final Duration LEASE = Duration.ofSeconds(60);

    private final KeyPort keys;
    private final KeyOwnershipPort ownedKeys;
    private final ExclusiveSteps exclusive;
    private final HsmPacing pacing;

    CreateKeyOnce(KeyPort keys, KeyOwnershipPort ownedKeys, ExclusiveSteps exclusive, HsmPacing pacing) {
        this.keys = keys;
        this.ownedKeys = ownedKeys;
        this.exclusive = exclusive;
        this.pacing = pacing;
    }

    StepResult create(Pass pass, URI hsmUri, KeySpec spec) {
        String hsm = pass.binding().hsm().resourceName();
        String lease = LeaseNames.keyCreation(hsm, spec.name());
        return exclusive.holding(pass, KEY_READY, lease, "creating key " + spec.name(), LEASE,
                held -> Link.<Void>stops(createHolding(pass, hsm, hsmUri, spec, lease, held))).result();
    }

    private StepResult createHolding(Pass pass, String hsm, URI hsmUri, KeySpec spec, String lease,
                                     ExclusiveSteps.Held held) {
        // read again under the lease: another instance may have created it between this pass's read and now
        Optional<KeyState> appeared = keys.getKey(hsmUri, spec.name());
        if (appeared.isPresent() || keys.getDeletedKey(hsmUri, spec.name()).isPresent()) {
            return StepResult.of(Condition.waiting(KEY_READY, Reason.KEY_CREATED, "key " + spec.name()
                    + " appeared meanwhile (another instance created it); looked at next", pass.now()),
                    pass.settings().shortRequeue());
        }
        Optional<Duration> later = pacing.keyCreation(hsm, pass.now());
        if (later.isPresent()) {
            return StepResult.of(Condition.waiting(KEY_READY, Reason.PACED, "Managed HSM " + hsm + " creates one key"
                    + " per second and other creations are queued ahead; creating " + spec.name() + " in "
                    + later.get().toSeconds() + " s", pass.now()), later.get());
        }
        if (!held.stillHeld()) {
            return exclusive.lost(pass, KEY_READY, lease, "creating key " + spec.name());
        }
        ownedKeys.record(new OwnedKey(hsm, spec.name(), OwnedKey.Origin.CREATED, pass.binding().name(), pass.now()));
        RotationPolicySpec policy = spec.rotationPolicy();
        KeyCreation creation = new KeyCreation(spec.name(), spec.type(), spec.size(), spec.curve(),
                KeyCreation.CMK_OPERATIONS,
                policy == null || policy.expireAfter() == null ? null : Periods.after(pass.now(), policy.expireAfter()),
                Map.of(KeyState.MANAGED_BY, KeyState.MANAGED_BY_APP, "cmk-binding", pass.binding().name()));
        KeyVersion first = pass.writes().perform(Write.Kind.CREATE_KEY, pass.binding().hsm(), "create " + spec.name(),
                () -> keys.createKey(hsmUri, creation));
        // the rotation policy is the next change; it must be in place before any on-demand rotation
        return StepResult.of(Condition.waiting(KEY_READY, Reason.KEY_CREATED,
                "created " + spec.name() + ", tagged " + KeyState.MANAGED_BY + "=" + KeyState.MANAGED_BY_APP
                        + (policy == null ? "" : "; setting its rotation policy next"), pass.now())
                .withKeyVersion(first.version()), pass.settings().shortRequeue());
    }
}
