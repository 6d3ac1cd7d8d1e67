package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.TargetOperation;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.Drift;

import java.time.Instant;

import java.util.EnumMap;
import java.util.Map;

/**
 * What a pass saw that its status keeps whether or not the link that saw it holds: the key (for its version count),
 * the versions the resource uses, whether data is about to go offline, the write in flight on the target and the
 * identity the target carries, and a change made to the target outside the app. Steps only add to it, the reconciler
 * reads it once the chain is done; no step reads what another wrote here.
 */
final class Observations {

    private KeyState key;
    private boolean critical;
    private final Map<KeySlot, String> inForce = new EnumMap<>(KeySlot.class);
    private boolean operationSeen;
    private TargetOperation operation;
    private ArmId attachedIdentity;
    private Drift drift;

    void key(KeyState seen) {
        key = seen;
    }

    /** A referenced version is expired or disabled: data is, or soon will be, offline. */
    void critical() {
        critical = true;
    }

    /** The version a slot uses, as the verifier read it back. */
    void inForce(KeySlot slot, String version) {
        inForce.put(slot, version);
    }

    /** A write to the target runs on as a long-running operation: the next pass polls it. */
    void operation(TargetOperation running) {
        operationSeen = true;
        operation = running;
    }

    /** The write that was in flight ended (or ARM forgot it): nothing to poll any more. */
    void operationEnded() {
        operationSeen = true;
        operation = null;
    }

    /** The target carries the binding's user-assigned identity, read or written in this pass. */
    void attachedIdentity(ArmId identity) {
        attachedIdentity = identity;
    }

    /** The target was changed outside the app: {@code change} says how; {@code repaired} whether the pass wrote back. */
    void drift(Instant at, String change, boolean repaired) {
        drift = new Drift(at, change, repaired, null);
    }

    /** The drift this pass found, or null. */
    Drift drift() {
        return drift;
    }

    /** The key as last seen in the pass, or null when the pass never read it. */
    KeyState key() {
        return key;
    }

    boolean isCritical() {
        return critical;
    }

    Map<KeySlot, String> inForce() {
        return Map.copyOf(inForce);
    }

    /** The operation to keep: as this pass left it, or, when the pass never got to it, as the last one did. */
    TargetOperation operation(BindingStatus before) {
        return operationSeen ? operation : before.operation();
    }

    ArmId attachedIdentity(BindingStatus before) {
        return attachedIdentity != null ? attachedIdentity : before.attachedIdentity();
    }
}
