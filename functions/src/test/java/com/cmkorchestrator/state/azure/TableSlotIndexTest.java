package com.cmkorchestrator.state.azure;

import com.cmkorchestrator.state.SlotIndexContract;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class TableSlotIndexTest extends SlotIndexContract {

    TableSlotIndexTest(Azurite azurite) {
        super(clock -> AzuriteState.freshStores(azurite, clock));
    }
}
