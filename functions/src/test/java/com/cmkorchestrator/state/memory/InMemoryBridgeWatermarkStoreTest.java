package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.BridgeWatermarkStoreContract;

class InMemoryBridgeWatermarkStoreTest extends BridgeWatermarkStoreContract {

    InMemoryBridgeWatermarkStoreTest() {
        super(InMemoryState::stores);
    }
}
