package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.PendingWorkContract;

class InMemoryPendingWorkTest extends PendingWorkContract {

    InMemoryPendingWorkTest() {
        super(InMemoryPendingWork::new);
    }
}
