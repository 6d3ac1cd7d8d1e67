package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.cmk.CmkGate;
import com.cmkorchestrator.emulator.hsm.ManagedHsmFleet;
import com.cmkorchestrator.emulator.time.EmulatorClock;
import com.cmkorchestrator.emulator.time.Scheduler;

/** What the resource providers share: the state and the services around it. */
public record ArmContext(ArmSettings settings, EmulatorClock clock, ArmState state, Scheduler scheduler,
                         Operations operations, ResourceEvents events, ManagedIdentities identities,
                         ManagedHsmFleet fleet, CmkGate cmk) {
}
