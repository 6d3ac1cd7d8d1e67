package com.cmkorchestrator.emulator;

import com.cmkorchestrator.emulator.hsm.ManagedHsm;
import com.cmkorchestrator.emulator.hsm.ManagedHsmFleet;
import com.cmkorchestrator.emulator.inspect.RequestLog;
import com.cmkorchestrator.emulator.time.EmulatorClock;
import com.cmkorchestrator.emulator.transport.TlsMaterial;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Until the Managed HSM data plane is part of the build: a fleet that cannot provision. */
final class StandInFleet implements ManagedHsmFleet {
    StandInFleet(EmulatorOptions options, EmulatorClock clock, TlsMaterial tls, RequestLog log) {
    }

    @Override
    public ManagedHsm provision(String armId, String name, String tenantId, List<String> initialAdminObjectIds) {
        throw new UnsupportedOperationException("the Managed HSM data plane is not part of this build");
    }

    @Override
    public Optional<ManagedHsm> byArmId(String armId) { return Optional.empty(); }

    @Override
    public Optional<ManagedHsm> byUri(URI hsmUri) { return Optional.empty(); }

    @Override
    public List<ManagedHsm> all() { return List.of(); }

    @Override
    public void softDelete(String armId) {
    }

    @Override
    public void purge(String armId) {
    }

    @Override
    public Optional<ManagedHsm> recover(String armId) { return Optional.empty(); }
}
