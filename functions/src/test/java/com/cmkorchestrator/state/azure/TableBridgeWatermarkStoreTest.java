package com.cmkorchestrator.state.azure;

import com.cmkorchestrator.state.BridgeWatermarkStoreContract;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class TableBridgeWatermarkStoreTest extends BridgeWatermarkStoreContract {

    TableBridgeWatermarkStoreTest(Azurite azurite) {
        super(clock -> AzuriteState.freshStores(azurite, clock));
    }
}
