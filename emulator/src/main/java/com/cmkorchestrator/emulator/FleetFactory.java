package com.cmkorchestrator.emulator;

import com.cmkorchestrator.emulator.hsm.ManagedHsmFleet;
import com.cmkorchestrator.emulator.inspect.RequestLog;
import com.cmkorchestrator.emulator.time.EmulatorClock;
import com.cmkorchestrator.emulator.transport.TlsMaterial;

/** Builds the Managed HSM data planes the emulator runs (the real fleet, or a stand-in in narrow tests). */
@FunctionalInterface
public interface FleetFactory {
    ManagedHsmFleet create(EmulatorOptions options, EmulatorClock clock, TlsMaterial tls, RequestLog requestLog);
}
