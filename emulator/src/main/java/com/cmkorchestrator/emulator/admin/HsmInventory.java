package com.cmkorchestrator.emulator.admin;

import com.cmkorchestrator.emulator.hsm.ManagedHsm;
import com.cmkorchestrator.emulator.hsm.ManagedHsmFleet;

import java.util.List;
import java.util.Map;

/** One Managed HSM as the admin API lists it; {@code details} is whatever the HSM reports (keys, versions, roles). */
record HsmInventory(String armId, String name, String hsmUri, String activationStatus, Map<String, Object> details) {

    static List<HsmInventory> of(ManagedHsmFleet fleet) {
        return fleet.all().stream().map(HsmInventory::of).toList();
    }

    private static HsmInventory of(ManagedHsm hsm) {
        return new HsmInventory(hsm.armId(), hsm.name(), hsm.uri().toString(), hsm.activationStatus(), hsm.inventory());
    }
}
