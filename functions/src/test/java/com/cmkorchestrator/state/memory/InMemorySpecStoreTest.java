package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.SpecStoreContract;
import com.cmkorchestrator.state.StateStores;
import com.cmkorchestrator.testsupport.MutableClock;

class InMemorySpecStoreTest extends SpecStoreContract {

    @Override
    protected StateStores newStores(MutableClock clock) {
        return InMemoryState.stores(clock);
    }
}
