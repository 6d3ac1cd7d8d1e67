package com.cmkorchestrator.state;

import com.cmkorchestrator.core.ports.KeyOwnershipPort;
import com.cmkorchestrator.core.ports.LeasePort;
import com.cmkorchestrator.core.ports.PacingPort;

import java.util.Objects;

/**
 * The app's state, built once per process: Azure Table storage in Azure and with Azurite, or
 * in memory for the local development host.
 *
 * @param bindings desired bindings and their conditions
 * @param hsmRequests requested Managed HSMs and their provisioning status
 * @param watermarks the HSM event bridge's seen versions and published events
 * @param findings the latest health-sweep findings
 * @param leases leases that keep a once-only step to one instance at a time (docs/concurrency.md)
 * @param pacing rates shared by every instance, for the HSM limits Azure does not report
 * @param ownedKeys the keys the app created or a binding adopted: the only keys it writes to
 * @param pending which work items are waiting, so that the same work is queued once
 * @param slots which binding owns each resource key slot
 */
public record StateStores(SpecStore bindings, SpecStore hsmRequests, BridgeWatermarkStore watermarks,
                          FindingStore findings, LeasePort leases, PacingPort pacing, KeyOwnershipPort ownedKeys,
                          PendingWork pending, SlotIndex slots) {

    public StateStores {
        Objects.requireNonNull(bindings, "bindings");
        Objects.requireNonNull(hsmRequests, "hsmRequests");
        Objects.requireNonNull(watermarks, "watermarks");
        Objects.requireNonNull(findings, "findings");
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(pacing, "pacing");
        Objects.requireNonNull(ownedKeys, "ownedKeys");
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(slots, "slots");
    }
}
