package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.ReconcileQueueContract;

import java.time.Clock;

class InMemoryReconcileQueueTest extends ReconcileQueueContract {

    @Override
    protected ReconcileQueue newQueue(int maxAttempts) {
        return new InMemoryReconcileQueue("cmk-reconcile", maxAttempts, Clock.systemUTC());
    }
}
