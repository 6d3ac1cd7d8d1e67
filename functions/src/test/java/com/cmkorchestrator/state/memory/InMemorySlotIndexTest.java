package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.SlotIndexContract;

class InMemorySlotIndexTest extends SlotIndexContract {

    InMemorySlotIndexTest() {
        super(InMemoryState::stores);
    }
}
