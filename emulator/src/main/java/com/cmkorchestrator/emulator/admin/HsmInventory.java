package com.cmkorchestrator.emulator.admin;

import com.cmkorchestrator.emulator.hsm.ManagedHsm;
import com.cmkorchestrator.emulator.hsm.ManagedHsmFleet;

import java.util.List;

/**
 * The fleet as the admin API lists it: each HSM's full snapshot (keys, versions, role assignments,
 * settings) where the HSM offers one, else what every {@link ManagedHsm} tells.
 */
final class HsmInventory {
    /** What is known of an HSM that offers no snapshot. */
    record Basic(String armId, String name, String uri, String activationStatus) {
    }

    private HsmInventory() {
    }

    static List<Object> of(ManagedHsmFleet fleet) {
        return fleet.all().stream().map(HsmInventory::of).toList();
    }

    private static Object of(ManagedHsm hsm) {
        try {
            return hsm.snapshot();
        } catch (UnsupportedOperationException e) {
            return new Basic(hsm.armId(), hsm.name(), hsm.uri().toString(), hsm.activationStatus());
        }
    }
}
