package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.FindingStoreContract;

class InMemoryFindingStoreTest extends FindingStoreContract {

    InMemoryFindingStoreTest() {
        super(InMemoryState::stores);
    }
}
