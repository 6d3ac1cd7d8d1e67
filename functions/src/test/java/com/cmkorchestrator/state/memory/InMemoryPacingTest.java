package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.core.ports.PacingPort;
import com.cmkorchestrator.state.PacingContract;

import java.util.List;

class InMemoryPacingTest extends PacingContract {

    InMemoryPacingTest() {
        super((clock, holders) -> {
            InMemoryPacing shared = new InMemoryPacing(clock);
            return List.<PacingPort>of(shared, shared);
        });
    }
}
