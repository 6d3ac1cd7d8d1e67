package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.StateStores;

import java.time.Clock;

/** The app's state in process memory: the local development host's choice when Azurite is not running. */
public final class InMemoryState {

    private InMemoryState() {
    }

    public static StateStores stores(Clock clock) {
        ETags etags = new ETags();
        return new StateStores(
                new InMemorySpecStore("binding", clock, etags),
                new InMemorySpecStore("HSM request", clock, etags),
                new InMemoryBridgeWatermarkStore(clock, etags),
                new InMemoryFindingStore(),
                new InMemoryLeases("this-process", clock),
                new InMemoryPacing(clock),
                new InMemoryOwnedKeys(),
                new InMemoryPendingWork(clock),
                new InMemorySlotIndex(etags, clock));
    }
}
