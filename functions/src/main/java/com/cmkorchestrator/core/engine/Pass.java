package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.ports.HsmState;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.ports.UserAssignedIdentity;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;

import java.net.URI;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One reconcile pass over one binding: the desired state, what the previous pass reported, one clock reading, the
 * write door, and what the steps have observed so far (each step reads once and hands on what later steps need).
 */
final class Pass {

    final Binding binding;
    final BindingStatus previous;
    final Instant now;
    final Writes writes;
    final EngineSettings settings;

    HsmState hsm;
    KeyState key;
    UserAssignedIdentity identity;
    TargetState target;
    /** Principals the access step found or made a grant for. */
    final Set<String> grantedPrincipals = new HashSet<>();
    /** The version each slot uses, as the verifier read it back. */
    final Map<KeySlot, String> inForce = new EnumMap<>(KeySlot.class);
    /** The target was written in this pass, so the verifier must read it again. */
    boolean targetWritten;
    /** A referenced version is expired or disabled: data is, or soon will be, offline. */
    boolean critical;

    Pass(Binding binding, BindingStatus previous, Instant now, Writes writes, EngineSettings settings) {
        this.binding = binding;
        this.previous = previous;
        this.now = now;
        this.writes = writes;
        this.settings = settings;
    }

    Condition previous(ConditionType type) {
        return previous == null ? null : previous.condition(type);
    }

    URI hsmUri() {
        return hsm.hsmUri();
    }

    /** The binding's key, without version. */
    KeyRef keyRef() {
        return KeyRef.of(hsm.hsmUri(), binding.key().name());
    }
}
