package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.core.ports.LeasePort;
import com.cmkorchestrator.state.LeasesContract;

import java.util.List;

class InMemoryLeasesTest extends LeasesContract {

    InMemoryLeasesTest() {
        super((clock, holders) -> {
            InMemoryLeases first = new InMemoryLeases(holders.get(0), clock);
            return List.<LeasePort>of(first, first.asHolder(holders.get(1)));
        });
    }
}
