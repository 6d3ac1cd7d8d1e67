package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.FindingStoreContract;
import com.cmkorchestrator.state.StateStores;
import com.cmkorchestrator.testsupport.MutableClock;

class InMemoryFindingStoreTest extends FindingStoreContract {

    @Override
    protected StateStores newStores(MutableClock clock) {
        return InMemoryState.stores(clock);
    }
}
