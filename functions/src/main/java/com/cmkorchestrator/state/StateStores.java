package com.cmkorchestrator.state;

import java.util.Objects;

/**
 * The app's state, built once per process: Azure Table storage in Azure and with Azurite, or
 * in memory for the local development host.
 *
 * @param bindings desired bindings and their conditions
 * @param hsmRequests requested Managed HSMs and their provisioning status
 * @param watermarks the HSM event bridge's seen versions and published events
 * @param findings the latest health-sweep findings
 */
public record StateStores(SpecStore bindings, SpecStore hsmRequests, BridgeWatermarkStore watermarks,
                          FindingStore findings) {

    public StateStores {
        Objects.requireNonNull(bindings, "bindings");
        Objects.requireNonNull(hsmRequests, "hsmRequests");
        Objects.requireNonNull(watermarks, "watermarks");
        Objects.requireNonNull(findings, "findings");
    }
}
