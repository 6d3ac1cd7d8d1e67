package com.cmkorchestrator.core;

import com.cmkorchestrator.core.engine.Write;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.rotation.ExpiryVerdict;
import com.cmkorchestrator.core.rotation.RotationPlan;

import java.util.List;
import java.util.Optional;

/**
 * What the orchestrator did about a key event (near expiry, expired, rotate now).
 *
 * @param verdict   the expiry assessment that decided, or null for an on-demand rotation
 * @param rotatedTo the version a rotation created, or null when none was needed
 * @param plan      the bindings to reconcile now and to check later
 * @param writes    the changes made in Azure
 * @param critical  a version in use is expired: data is going offline
 */
public record KeyEventResponse(ExpiryVerdict verdict, KeyVersion rotatedTo, RotationPlan plan, List<Write> writes,
                               boolean critical) {

    public KeyEventResponse {
        writes = List.copyOf(writes);
    }

    public Optional<KeyVersion> rotation() {
        return Optional.ofNullable(rotatedTo);
    }
}
