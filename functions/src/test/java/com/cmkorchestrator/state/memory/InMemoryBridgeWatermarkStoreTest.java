package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.BridgeWatermarkStoreContract;
import com.cmkorchestrator.state.StateStores;
import com.cmkorchestrator.testsupport.MutableClock;

class InMemoryBridgeWatermarkStoreTest extends BridgeWatermarkStoreContract {

    @Override
    protected StateStores newStores(MutableClock clock) {
        return InMemoryState.stores(clock);
    }
}
