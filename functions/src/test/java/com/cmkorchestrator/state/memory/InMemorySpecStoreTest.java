package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.SpecStoreContract;

class InMemorySpecStoreTest extends SpecStoreContract {

    InMemorySpecStoreTest() {
        super(InMemoryState::stores);
    }
}
