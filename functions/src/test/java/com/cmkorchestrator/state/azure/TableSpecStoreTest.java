package com.cmkorchestrator.state.azure;

import com.cmkorchestrator.state.SpecStoreContract;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class TableSpecStoreTest extends SpecStoreContract {

    TableSpecStoreTest(Azurite azurite) {
        super(clock -> AzuriteState.freshStores(azurite, clock));
    }
}
