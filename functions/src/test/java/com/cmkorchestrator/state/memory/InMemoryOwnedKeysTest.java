package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.OwnedKeysContract;

class InMemoryOwnedKeysTest extends OwnedKeysContract {

    InMemoryOwnedKeysTest() {
        super(InMemoryOwnedKeys::new);
    }
}
