package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.ReconcileQueueContract;

import java.time.Clock;

class InMemoryReconcileQueueTest extends ReconcileQueueContract {

    InMemoryReconcileQueueTest() {
        super(maxAttempts -> new InMemoryReconcileQueue("cmk-reconcile", maxAttempts, Clock.systemUTC()));
    }
}
