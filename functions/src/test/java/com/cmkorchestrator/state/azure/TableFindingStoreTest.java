package com.cmkorchestrator.state.azure;

import com.cmkorchestrator.state.FindingStoreContract;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class TableFindingStoreTest extends FindingStoreContract {

    TableFindingStoreTest(Azurite azurite) {
        super(clock -> AzuriteState.freshStores(azurite, clock));
    }
}
